import pytest


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a fresh folder, so a test can see exactly what was written."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def ines(db):
    """A second inspector."""
    from returns.roles import INSPECTOR
    from tests.factories import make_user

    return make_user("ines", INSPECTOR, first_name="Ines", last_name="Berg")


@pytest.fixture
def sara(db):
    """A second support agent."""
    from returns.roles import SUPPORT
    from tests.factories import make_user

    return make_user("sara", SUPPORT, first_name="Sara")


@pytest.fixture
def authorized(alice, alice_order, tshirt, jeans):
    """Alice returns both T-shirts and the jeans; barcodes as printed on the items."""
    from tests.factories import create_return

    tshirt.barcode, jeans.barcode = "2000000000011", "2000000000028"
    tshirt.save()
    jeans.save()
    return create_return(alice_order, alice.user)


@pytest.fixture
def inspecting(authorized, ivan):
    """Received in full and opened for inspection by Ivan."""
    from inspection.workflow import inspection_open
    from tests.inspection.helpers import receive

    receive(authorized, ivan)
    return inspection_open(return_id=authorized.pk, actor=ivan)

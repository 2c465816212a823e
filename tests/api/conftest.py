"""Fixtures of the API tests: a fresh media folder, a second support agent, and returns in the
states the endpoints act on, all made through the real services."""
import pytest


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a fresh folder, so a test sees exactly what was written."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def wanda(db):
    """Works in the warehouse and in support: may inspect, but never decide on her own inspection."""
    from returns.roles import INSPECTOR, SUPPORT
    from tests.factories import make_user

    return make_user("wanda", INSPECTOR, SUPPORT, first_name="Wanda")


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
    """Received in full into TOTE-01 and opened for inspection by Ivan (who holds the claim)."""
    from inspection.workflow import inspection_open
    from tests.factories import receive_all

    receive_all(authorized, ivan)
    return inspection_open(return_id=authorized.pk, actor=ivan)


@pytest.fixture
def everyone(alice, bob, ivan, sam, fiona):
    """The role matrix: who is who."""
    return {"customer": alice.user, "other_customer": bob.user, "inspector": ivan, "support": sam,
            "finance": fiona}

import pytest


@pytest.fixture
def sue(db):
    """A second support agent, for decisions that must not be taken by the first one."""
    from returns.roles import SUPPORT
    from tests.factories import make_user

    return make_user("sue", SUPPORT, first_name="Sue")


@pytest.fixture
def frank(db):
    """A second finance user: approves what Fiona proposed."""
    from returns.roles import FINANCE
    from tests.factories import make_user

    return make_user("frank", FINANCE, first_name="Frank")


@pytest.fixture
def wanda(db):
    """Works both in the warehouse and in support: may inspect, but never approve her own inspection."""
    from returns.roles import INSPECTOR, SUPPORT
    from tests.factories import make_user

    return make_user("wanda", INSPECTOR, SUPPORT, first_name="Wanda")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path

"""Personas and data shared by the Django tests.

Alice and Bob are customers; Ivan inspects, Sam is a support agent, Fiona is in finance.
"""
import pytest


@pytest.fixture
def catalogue(db):
    from tests.factories import make_catalogue

    return make_catalogue()


@pytest.fixture
def alice(catalogue):
    from tests.factories import make_customer

    return make_customer("alice")


@pytest.fixture
def bob(catalogue):
    from tests.factories import make_customer

    return make_customer("bob")


def _staff(username, role):
    from tests.factories import make_user

    return make_user(username, role)


@pytest.fixture
def ivan(db):
    from returns.roles import INSPECTOR

    return _staff("ivan", INSPECTOR)


@pytest.fixture
def sam(db):
    from returns.roles import SUPPORT

    return _staff("sam", SUPPORT)


@pytest.fixture
def fiona(db):
    from returns.roles import FINANCE

    return _staff("fiona", FINANCE)


@pytest.fixture
def system_user(db):
    from returns.permissions import system_user

    return system_user()


@pytest.fixture
def tshirt(catalogue):
    from tests.factories import make_product

    return make_product("TSHIRT-M", name="Organic T-shirt M")


@pytest.fixture
def jeans(catalogue):
    from tests.factories import make_product

    return make_product("JEANS-32", name="Slim jeans 32")


@pytest.fixture
def alice_order(alice, tshirt, jeans):
    from tests.factories import make_order

    return make_order(alice, [(tshirt, 2, "20.00"), (jeans, 1, "60.00")])


@pytest.fixture
def api(db):
    """A DRF client; `api.force_authenticate(user)` or `api.force_login(user)` to act as someone."""
    from rest_framework.test import APIClient

    return APIClient()


# --- database roles: migrate as the owner, test as the app (see tests/database_roles.py) ----------
@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    from tests.database_roles import connect_as, owner_credentials

    connect_as(owner_credentials())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db.backends.postgresql.operations import DatabaseOperations

    from tests.database_roles import app_credentials, connect_as, execute_flush_as_owner, owner_credentials

    patch = pytest.MonkeyPatch()
    patch.setattr(DatabaseOperations, "execute_sql_flush", execute_flush_as_owner)
    with django_db_blocker.unblock():
        connect_as(app_credentials() if owner_credentials() else None)
    yield
    with django_db_blocker.unblock():
        connect_as(owner_credentials())  # the owner drops the test database
    patch.undo()

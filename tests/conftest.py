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

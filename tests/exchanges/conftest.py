"""The Odoo test server fixtures of the integration tests, for the replacement-order tests."""
from tests.integrations.conftest import odoo, odoo18  # noqa: F401

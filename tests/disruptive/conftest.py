"""Tests here restart PostgreSQL: they run against a server of their own (private_postgres.py), in
the serial phase of `make test` (`-m disruptive`), never against the machine's shared server."""
import tempfile
from pathlib import Path

import pytest

from tests.disruptive.private_postgres import APP_ROLE, OWNER_ROLE, PrivatePostgres


@pytest.fixture(scope="session")
def private_postgres():
    server = PrivatePostgres(Path(tempfile.mkdtemp(prefix="rf-private-pg-")) / "pg").start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(private_postgres, django_db_modify_db_settings_parallel_suffix):
    """Point Django at the private server before the test database is created there (by the owner)."""
    from django.conf import settings

    from tests.database_roles import connect_as, owner_credentials

    settings.DATABASES["default"].update(HOST="127.0.0.1", PORT=str(private_postgres.port))
    settings.DATABASE_APP_URL = private_postgres.url(APP_ROLE)
    settings.DATABASE_OWNER_URL = private_postgres.url(OWNER_ROLE)
    settings.DATABASE_APP_USER = APP_ROLE
    owner_credentials.cache_clear()
    connect_as(owner_credentials())


# The Odoo test server as Odoo 18, as the integration tests use it.
from tests.integrations.conftest import odoo18  # noqa: E402,F401

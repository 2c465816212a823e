"""The test database is created and migrated by the owner role; the tests run as the app role.

As in production (README, "Database roles"): the app role owns no table, so a test that could only
pass with the owner's powers fails here too. While the owner role does not exist yet (a machine set up
before it), everything runs as the one role of DATABASE_URL, as before, with a warning.
"""
import functools
import warnings

import dj_database_url
from django.conf import settings
from django.db import connections
from django.db.backends.postgresql.operations import DatabaseOperations

from returnflow.db_roles import APPEND_ONLY_TRIGGER_PATTERN, can_connect


@functools.cache
def owner_credentials() -> tuple[str, str] | None:
    """(user, password) of the owner role, or None when the app role has to do everything."""
    app = dj_database_url.parse(settings.DATABASE_APP_URL)
    owner = dj_database_url.parse(settings.DATABASE_OWNER_URL)
    if owner["USER"] == app["USER"]:
        return None
    if not can_connect(settings.DATABASE_OWNER_URL):
        warnings.warn(f"Database role {owner['USER']!r} not found: the tests run as {app['USER']!r} alone "
                      "(run scripts/ensure-services.sh to create it).", stacklevel=1)
        return None
    return owner["USER"], owner["PASSWORD"]


def app_credentials() -> tuple[str, str]:
    app = dj_database_url.parse(settings.DATABASE_APP_URL)
    return app["USER"], app["PASSWORD"]


def connect_as(credentials: tuple[str, str] | None) -> None:
    """Point the default database at these credentials; open connections are closed first."""
    if credentials is None:
        return
    for connection in connections.all(initialized_only=True):
        connection.close()
    # The same dict is every thread's connection settings (the live server's too).
    settings.DATABASES["default"]["USER"], settings.DATABASES["default"]["PASSWORD"] = credentials


def execute_flush_as_owner(ops: DatabaseOperations, sql_list: list[str]) -> None:
    """TransactionTestCase empties every table with TRUNCATE after each test. The app role may not, and
    the history tables refuse it; so, as the owner and in one transaction (no other session ever sees
    it): the append-only triggers off, TRUNCATE, the triggers on again."""
    owner = ops.connection.copy()
    owner.settings_dict["USER"], owner.settings_dict["PASSWORD"] = owner_credentials() or app_credentials()
    try:
        owner.connect()
        owner.set_autocommit(False)
        with owner.cursor() as cursor:
            cursor.execute("SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE %s",
                           [APPEND_ONLY_TRIGGER_PATTERN])
            guarded = [table for (table,) in cursor.fetchall()]
            for table in guarded:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            for sql in sql_list:
                cursor.execute(sql)
            for table in guarded:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        owner.commit()
    finally:
        owner.close()

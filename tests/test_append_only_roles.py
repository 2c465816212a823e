"""History cannot be rewritten by the role the app runs as: no TRUNCATE, no DISABLE TRIGGER, no UPDATE or
DELETE on the audit and custody tables; and TRUNCATE is refused by a trigger even for the owner."""
import os

import psycopg2
import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

HISTORY_TABLES = ["returns_returnevent", "inspection_custodyrecord", "inspection_receivingscan"]
pytestmark = pytest.mark.django_db


def _refused(sql):
    with pytest.raises(DatabaseError) as refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    return str(refused.value)


def test_the_app_role_owns_no_table():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, count(*) FILTER (WHERE tableowner = current_user) "
                       "FROM pg_tables WHERE schemaname = 'public'")
        user, owned = cursor.fetchone()
    assert user == settings.DATABASE_APP_USER
    assert owned == 0


@pytest.mark.parametrize("table", HISTORY_TABLES)
def test_the_app_role_cannot_truncate_history(table):
    assert "permission denied" in _refused(f"TRUNCATE {table}")


@pytest.mark.parametrize("table", HISTORY_TABLES)
def test_the_app_role_cannot_disable_the_append_only_triggers(table):
    assert "must be owner" in _refused(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
    assert "must be owner" in _refused(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")


@pytest.mark.parametrize("table", HISTORY_TABLES)
@pytest.mark.parametrize("sql", ["UPDATE {table} SET created_at = now()", "DELETE FROM {table}"])
def test_the_app_role_has_no_update_or_delete_on_history(table, sql):
    assert "permission denied" in _refused(sql.format(table=table))


def test_the_app_role_still_reads_and_writes_the_other_tables():
    with connection.cursor() as cursor:
        cursor.execute("SELECT has_table_privilege('returns_returnrequest', 'SELECT, INSERT, UPDATE, DELETE'), "
                       "has_table_privilege('returns_returnevent', 'SELECT, INSERT'), "
                       "has_table_privilege('django_migrations', 'SELECT'), "
                       "has_table_privilege('django_migrations', 'INSERT, UPDATE, DELETE')")
        assert cursor.fetchone() == (True, True, True, False)


@pytest.mark.parametrize("table", HISTORY_TABLES)
def test_even_the_owner_cannot_truncate_history(table):
    """The trigger guards the owner against an accidental flush (it could only drop the trigger on purpose)."""
    db = settings.DATABASES["default"]
    from tests.database_roles import owner_credentials

    user, password = owner_credentials() or (db["USER"], db["PASSWORD"])
    owner = psycopg2.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, dbname=db["NAME"],
                             user=user, password=password)
    try:
        with owner.cursor() as cursor:
            cursor.execute("SET lock_timeout = '10s'")
            with pytest.raises(psycopg2.Error, match="append-only"):
                cursor.execute(f"TRUNCATE {table} CASCADE")
    finally:
        owner.rollback()
        owner.close()


def test_the_owner_url_defaults_to_the_app_url_with_the_owner_user():
    from returnflow.db_roles import derived_owner_url

    assert derived_owner_url("postgres://returnflow:pw@127.0.0.1:5432/returnflow_h3") == \
        "postgres://returnflow_owner:pw@127.0.0.1:5432/returnflow_h3"
    assert derived_owner_url("sqlite:///db.sqlite3") == "sqlite:///db.sqlite3"


def test_manage_py_migrates_as_the_owner_and_runs_everything_else_as_the_app(monkeypatch):
    import manage

    monkeypatch.setenv("RETURNFLOW_DATABASE_ROLE", "")  # so that monkeypatch removes what manage.py sets
    monkeypatch.delenv("RETURNFLOW_DATABASE_ROLE")
    monkeypatch.setenv("DATABASE_OWNER_URL", settings.DATABASE_OWNER_URL)
    manage.use_owner_role_for("runserver")
    assert "RETURNFLOW_DATABASE_ROLE" not in os.environ
    manage.use_owner_role_for("migrate")
    assert os.environ["RETURNFLOW_DATABASE_ROLE"] == "owner"

"""Database building blocks shared by the apps' migrations."""
from django.db import migrations


def append_only(table: str, what: str) -> migrations.RunPython:
    """A migration operation that makes `table` append-only on PostgreSQL.

    The models refuse updates and deletes already; the trigger also covers queryset.update(),
    raw SQL and any future code path, so history (audit, custody) cannot be rewritten.
    SQLite, the embedded demo database, relies on the models alone. TRUNCATE: see `truncate_guard`.
    A new append-only table takes all three: `append_only`, `truncate_guard`, then `app_privileges()`,
    which takes UPDATE and DELETE on it back from the app role.
    """
    name = f"{table}_append_only"
    create = f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '{what} are append-only (% on {table})', TG_OP;
        END;
        $$ LANGUAGE plpgsql;
        CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {name}();
    """
    drop = f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();"
    return _postgresql_only(create, drop)


def truncate_guard(table: str, what: str) -> migrations.RunPython:
    """Refuse TRUNCATE on an append-only `table` too (row triggers never see a TRUNCATE).

    A statement-level BEFORE TRUNCATE trigger calling the function `append_only` made, so the message
    is the same. It stops the owner role by accident (`manage.py flush`, a script); the app role has
    no TRUNCATE privilege in the first place (see returnflow.db_roles).
    """
    function, name = f"{table}_append_only", f"{table}_append_only_truncate"
    create = (f"CREATE TRIGGER {name} BEFORE TRUNCATE ON {table} "
              f"FOR EACH STATEMENT EXECUTE FUNCTION {function}();")
    drop = f"DROP TRIGGER IF EXISTS {name} ON {table};"
    return _postgresql_only(create, drop)


def _postgresql_only(create: str, drop: str) -> migrations.RunPython:
    """Run `create` forwards and `drop` backwards on PostgreSQL; SQLite (the embedded demo) skips both."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(create, params=None)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(drop, params=None)

    return migrations.RunPython(forwards, backwards)


def app_privileges() -> migrations.RunPython:
    """Grant the app role (DATABASE_URL's user) rows, not the schema; see returnflow.db_roles.

    Idempotent and run by every migration that adds an append-only table, whichever runs last,
    so the app never keeps UPDATE or DELETE on history.
    """

    def forwards(apps, schema_editor):
        from django.conf import settings

        from .db_roles import grant_app_privileges

        grant_app_privileges(schema_editor, getattr(settings, "DATABASE_APP_USER", ""))

    return migrations.RunPython(forwards, migrations.RunPython.noop)


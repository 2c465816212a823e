"""Database building blocks shared by the apps' migrations."""
from django.db import migrations


def append_only(table: str, what: str) -> migrations.RunPython:
    """A migration operation that makes `table` append-only on PostgreSQL.

    The models refuse updates and deletes already; the trigger also covers queryset.update(),
    raw SQL and any future code path, so history (audit, custody) cannot be rewritten.
    SQLite, the embedded demo database, relies on the models alone.
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

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(create, params=None)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(drop, params=None)

    return migrations.RunPython(forwards, backwards)

"""On PostgreSQL, a trigger refuses UPDATE and DELETE on the audit table.

The model already refuses it; the trigger also covers queryset.update(), raw SQL and any
future code path. SQLite (the embedded demo mode) relies on the model alone.
"""
from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION returns_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit records are append-only (% on returns_returnevent)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER returns_event_append_only
    BEFORE UPDATE OR DELETE ON returns_returnevent
    FOR EACH ROW EXECUTE FUNCTION returns_event_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS returns_event_append_only ON returns_returnevent;
DROP FUNCTION IF EXISTS returns_event_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("returns", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

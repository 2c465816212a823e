"""On PostgreSQL, a trigger refuses UPDATE and DELETE on the chain of custody.

The model already refuses it; the trigger also covers queryset.update() and raw SQL, so the
history of who put which unit where cannot be rewritten. SQLite relies on the model alone.
"""
from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION inspection_custody_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'custody records are append-only (% on inspection_custodyrecord)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER inspection_custody_append_only
    BEFORE UPDATE OR DELETE ON inspection_custodyrecord
    FOR EACH ROW EXECUTE FUNCTION inspection_custody_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS inspection_custody_append_only ON inspection_custodyrecord;
DROP FUNCTION IF EXISTS inspection_custody_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("inspection", "0002_tablet_receiving_inspection")]
    operations = [migrations.RunPython(forwards, backwards)]

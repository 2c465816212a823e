"""The audit table refuses TRUNCATE too, and the app role gets rows but not the schema.

After this migration the app role (DATABASE_URL's user) has SELECT and INSERT on the audit table and
nothing else; it owns no table, so it cannot DISABLE TRIGGER either. See returnflow.db_roles.
"""
from django.db import migrations

from returnflow.db import app_privileges, truncate_guard


class Migration(migrations.Migration):
    dependencies = [("returns", "0002_audit_append_only")]
    operations = [truncate_guard("returns_returnevent", "audit records"), app_privileges()]

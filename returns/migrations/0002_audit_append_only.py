"""On PostgreSQL, the audit table refuses UPDATE and DELETE (see returnflow.db.append_only)."""
from django.db import migrations

from returnflow.db import append_only


class Migration(migrations.Migration):
    dependencies = [("returns", "0001_initial")]
    operations = [append_only("returns_returnevent", "audit records")]

"""On PostgreSQL, the chain of custody refuses UPDATE and DELETE (see returnflow.db.append_only)."""
from django.db import migrations

from returnflow.db import append_only


class Migration(migrations.Migration):
    dependencies = [("inspection", "0002_tablet_receiving_inspection")]
    operations = [append_only("inspection_custodyrecord", "custody records")]

"""Custody records refuse TRUNCATE too; photo originals move to private storage (never served).

Originals already stored under MEDIA_ROOT are moved to the private root (inspection.storage), so
that no media URL can reach a file that may carry GPS. Renditions stay where they are.
"""
import shutil
from pathlib import Path

from django.conf import settings
from django.db import migrations, models

import inspection.storage
from returnflow.db import app_privileges, truncate_guard


def move_originals_to_private_storage(apps, schema_editor):
    public, private = Path(settings.MEDIA_ROOT), inspection.storage.private_media_root()
    for name in apps.get_model("inspection", "Photo").objects.values_list("original", flat=True).iterator():
        source, target = public / name, private / name
        if name and source.is_file() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(source, target)


class Migration(migrations.Migration):
    # After the receiving session (written beside it), so that its grants cover the session tables too.
    dependencies = [("inspection", "0003_custody_append_only"), ("inspection", "0004_receiving_session")]
    operations = [
        truncate_guard("inspection_custodyrecord", "custody records"),
        migrations.AlterField(
            model_name="photo", name="original",
            field=models.FileField(storage=inspection.storage.private_originals, upload_to="photos/originals/%Y/%m/"),
        ),
        migrations.RunPython(move_originals_to_private_storage, migrations.RunPython.noop),
        app_privileges(),
    ]

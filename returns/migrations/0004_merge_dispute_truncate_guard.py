from django.db import migrations


class Migration(migrations.Migration):
    """Disputes and the TRUNCATE guard were written side by side; neither depends on the other."""

    dependencies = [("returns", "0003_audit_truncate_guard"), ("returns", "0003_dispute")]
    operations = []

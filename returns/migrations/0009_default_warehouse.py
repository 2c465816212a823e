"""One default warehouse from today's settings, and every existing return received there.

Its Odoo ids and label printer stay empty, which means "what the settings give" (ODOO_WAREHOUSE_CODE
and the Returns area locations found by integrations.targets, RETURNFLOW_LABEL_PRINTER): a single-site
installation behaves exactly as before, and changing those settings later still takes effect.
"""
from django.conf import settings
from django.db import migrations


def create_default(apps, schema_editor):
    Warehouse = apps.get_model("returns", "Warehouse")
    ReturnRequest = apps.get_model("returns", "ReturnRequest")
    code = (getattr(settings, "ODOO_MAPPING", {}).get("WAREHOUSE_CODE") or "MAIN")[:20]
    warehouse = Warehouse.objects.filter(is_default=True).first()
    if warehouse is None:
        warehouse, _created = Warehouse.objects.get_or_create(
            code=code, defaults={"name": "Main warehouse", "is_default": True, "active": True})
    ReturnRequest.objects.filter(warehouse__isnull=True).update(warehouse=warehouse)


class Migration(migrations.Migration):

    dependencies = [
        ("returns", "0008_warehouses"),
    ]

    operations = [
        migrations.RunPython(create_default, migrations.RunPython.noop),
    ]

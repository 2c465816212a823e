"""Three canned answers agents start from; the admin edits them (Support console ▸ Reply macros)."""
from django.db import migrations

MACROS = [
    ("Parcel not arrived yet", "Your return {rma}",
     "Hello {customer_name},\n\nwe have not received the parcel for your return {rma} (order {order_number}) "
     "yet. Could you send us the carrier's tracking number?\n\nKind regards,\n{agent_name}"),
    ("Refund on its way", "Your refund for {rma}",
     "Hello {customer_name},\n\nyour refund of {refund_amount} for return {rma} has been released. Depending on "
     "your bank it reaches you within 3 to 5 working days.\n\nKind regards,\n{agent_name}"),
    ("Photos needed", "Photos for your return {rma}",
     "Hello {customer_name},\n\nto decide on your return {rma} we need a photo of the item and its packaging. "
     "Please reply with them attached.\n\nKind regards,\n{agent_name}"),
]


def add(apps, schema_editor):
    ReplyMacro = apps.get_model("support", "ReplyMacro")
    for name, subject, body in MACROS:
        ReplyMacro.objects.get_or_create(name=name, defaults={"subject": subject, "body": body})


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]

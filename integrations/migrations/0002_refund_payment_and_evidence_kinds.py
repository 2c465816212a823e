from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('integrations', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='odooposting',
            name='kind',
            field=models.CharField(choices=[('receipt', 'Return receipt'), ('disposition', 'Disposition move'), ('credit_note', 'Credit note'), ('refund_payment', 'Refund payment'), ('evidence', 'Evidence')], max_length=20),
        ),
    ]

# Only the new choice: liquidation (inspection.LiquidationLot gathers those units). No schema change.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('returns', '0005_growth_indexes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='returnline',
            name='disposition',
            field=models.CharField(blank=True, choices=[('restock', 'Restock'), ('refurbish', 'Refurbish'), ('vendor_return', 'Return to vendor'), ('quarantine', 'Quarantine'), ('liquidation', 'Liquidation'), ('scrap', 'Scrap')], max_length=20),
        ),
    ]

# Takes over portal.ExchangeRequest with its rows: the model as it was (state only, on the
# portal's table), then the table renamed to this app's name.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('portal', '0003_exchangerequest_moved_to_exchanges'),
        ('returns', '0005_growth_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ExchangeRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('quantity', models.PositiveIntegerField()),
                        ('unit_price_paid', models.DecimalField(decimal_places=2, max_digits=12)),
                        ('state', models.CharField(choices=[('requested', 'requested'), ('reserved', 'reserved (replacement order confirmed)'), ('shipped', 'replacement shipped'), ('refund_instead', 'fell back to a refund')], default='requested', max_length=20)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('replacement', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='returns.product')),
                        ('return_line', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='portal_exchange', to='returns.returnline')),
                    ],
                    options={'db_table': 'portal_exchangerequest'},
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name='exchangerequest', table=None),
    ]

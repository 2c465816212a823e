# ExchangeRequest moved to the exchanges app (the refund side reads it and may not import the
# portal). State only: the table and its rows stay; exchanges.0001 takes them over and renames it.
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0002_exchanges'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='ExchangeRequest')],
            database_operations=[],
        ),
    ]

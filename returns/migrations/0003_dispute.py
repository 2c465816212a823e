# The Dispute model: a customer disagreeing with a short receipt or a deduction (returns.services.disputes).

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('returns', '0002_audit_append_only'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Dispute',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('short_receipt', 'Items missing from the receipt'), ('deduction', 'A deduction from the refund'), ('other', 'Something else')], max_length=20)),
                ('message', models.TextField(help_text="The customer's own words.")),
                ('state', models.CharField(choices=[('open', 'Open'), ('resolved', 'Resolved')], db_index=True, default='open', max_length=10)),
                ('opened_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('resolution_note', models.TextField(blank=True, help_text="Support's answer; the customer sees it.")),
                ('resolved_at', models.DateTimeField(blank=True, null=True)),
                ('line', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='disputes', to='returns.returnline')),
                ('opened_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('return_request', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='disputes', to='returns.returnrequest')),
            ],
            options={
                'ordering': ['opened_at', 'id'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('state', 'open')), fields=('return_request', 'kind'), name='one_open_dispute_per_return_and_kind')],
            },
        ),
    ]

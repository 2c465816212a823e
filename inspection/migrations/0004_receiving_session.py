# Receiving sessions: counts kept on the server per parcel (see inspection/models_receiving.py).

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from returnflow.db import app_privileges, append_only, truncate_guard


class Migration(migrations.Migration):

    dependencies = [
        ('inspection', '0003_custody_append_only'),
        ('returns', '0002_audit_append_only'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReceivingSession',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('open', 'Being counted'), ('confirmed', 'Receipt confirmed'), ('abandoned', 'Abandoned')], db_index=True, default='open', max_length=10)),
                ('device_id', models.CharField(max_length=64)),
                ('counts', models.JSONField(blank=True, default=dict)),
                ('unexpected', models.JSONField(blank=True, default=dict)),
                ('location_code', models.CharField(blank=True, max_length=50)),
                ('note', models.TextField(blank=True)),
                ('version', models.PositiveIntegerField(default=1)),
                ('opened_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('closed_at', models.DateTimeField(blank=True, null=True)),
                ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('holder', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('return_request', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='receiving_sessions', to='returns.returnrequest')),
            ],
            options={
                'ordering': ['opened_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ReceivingScan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('count', 'Count changed'), ('unexpected', 'Product not on the return'), ('location', 'Tote or bin scanned'), ('note', 'Note changed'), ('take_over', 'Taken over from another tablet'), ('confirm', 'Receipt confirmed'), ('abandon', 'Counts discarded')], max_length=12)),
                ('code', models.CharField(blank=True, max_length=100)),
                ('quantity_before', models.PositiveIntegerField(default=0)),
                ('quantity_after', models.PositiveIntegerField(default=0)),
                ('device_id', models.CharField(max_length=64)),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('actor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('line', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='returns.returnline')),
                ('product', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='returns.product')),
                ('session', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='scans', to='inspection.receivingsession')),
            ],
            options={
                'ordering': ['created_at', 'id'],
            },
        ),
        migrations.AddConstraint(
            model_name='receivingsession',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'open')), fields=('return_request',), name='receiving_session_one_open'),
        ),
        # The scan log is history: no UPDATE, DELETE or TRUNCATE (see returnflow.db).
        append_only("inspection_receivingscan", "receiving scans"),
        truncate_guard("inspection_receivingscan", "receiving scans"),
        app_privileges(),
    ]

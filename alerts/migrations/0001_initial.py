"""Alert and Notification, moved from supervision with their tables as they are."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _move_content_types(apps, source: str, target: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label=source, model__in=["alert", "notification"]).update(
        app_label=target)


def _content_types_to_alerts(apps, schema_editor):
    _move_content_types(apps, "supervision", "alerts")


def _content_types_to_supervision(apps, schema_editor):
    _move_content_types(apps, "alerts", "supervision")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0002_password_changed_at'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('supervision', '0005_alerts_move_to_alerts_app'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The tables exist already (supervision.0001): create the models in the
    # state only, and give their content types (permissions, admin log) to alerts.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Alert',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('petition_overdue', 'Petition step overdue'), ('report_missing', 'Screening report missing'), ('backlog_overdue', 'Backlog case overdue'), ('supervision_overdue', 'Supervision order overdue')], max_length=30, verbose_name='kind')),
                        ('target_type', models.CharField(choices=[('petition', 'Petition'), ('screening_period', 'Screening period'), ('backlog_case', 'Backlog case'), ('supervision_order', 'Supervision order')], max_length=30, verbose_name='target type')),
                        ('target_id', models.BigIntegerField(verbose_name='target id')),
                        ('due_on', models.DateField(verbose_name='due on')),
                        ('raised_on', models.DateField(verbose_name='raised on')),
                        ('cleared_on', models.DateField(blank=True, null=True, verbose_name='cleared on')),
                        ('org_unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='alerts', to='accounts.orgunit', verbose_name='org unit')),
                    ],
                    options={
                        'verbose_name': 'alert',
                        'verbose_name_plural': 'alerts',
                        'db_table': 'supervision_alert',
                        'ordering': ['-raised_on', '-id'],
                        'indexes': [models.Index(condition=models.Q(('cleared_on__isnull', True)), fields=['org_unit', 'kind'], name='alert_open_by_unit'), models.Index(fields=['target_type', 'target_id'], name='alert_target')],
                        'constraints': [models.UniqueConstraint(fields=('kind', 'target_type', 'target_id', 'org_unit', 'due_on'), name='alert_unique_step')],
                    },
                ),
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('digest', 'Daily digest'), ('order', 'Supervision order'), ('notice', 'Notice'), ('export', 'Export ready')], max_length=10, verbose_name='kind')),
                        ('day', models.DateField(verbose_name='day')),
                        ('text', models.TextField(verbose_name='text')),
                        ('link', models.CharField(blank=True, max_length=200, verbose_name='link')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read at')),
                        ('org_unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='accounts.orgunit', verbose_name='unit')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'notification',
                        'verbose_name_plural': 'notifications',
                        'db_table': 'supervision_notification',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['org_unit', 'read_at'], name='notification_unit_unread'), models.Index(fields=['user', 'read_at'], name='notification_user_unread')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('kind', 'digest')), fields=('org_unit', 'day'), name='notification_one_digest_a_day')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(_content_types_to_alerts, _content_types_to_supervision),
    ]

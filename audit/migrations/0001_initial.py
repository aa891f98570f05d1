"""AuditEntry moves from common to audit: state only. The table keeps its name
(common_auditentry), its rows and the append-only triggers of common's migrations
0003/0004. Its content type and permissions follow it."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="audit", model="auditentry").exists():
        ContentType.objects.filter(app_label="common", model="auditentry").update(
            app_label="audit")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="audit", model="auditentry").update(
        app_label="common")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("common", "0004_audit_retention"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AuditEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='at')),
                        ('username', models.CharField(blank=True, max_length=150, verbose_name='username')),
                        ('action', models.CharField(db_index=True, max_length=50, verbose_name='action')),
                        ('object_type', models.CharField(blank=True, max_length=50, verbose_name='object type')),
                        ('object_id', models.CharField(blank=True, max_length=50, verbose_name='object id')),
                        ('ip', models.GenericIPAddressField(blank=True, null=True, verbose_name='IP address')),
                        ('data', models.JSONField(blank=True, default=dict, verbose_name='data')),
                        ('prev_hash', models.CharField(editable=False, max_length=64)),
                        ('hash', models.CharField(editable=False, max_length=64, unique=True)),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor')),
                    ],
                    options={
                        'verbose_name': 'audit entry',
                        'verbose_name_plural': 'audit log',
                        'db_table': 'common_auditentry',
                        'ordering': ['-id'],
                        'indexes': [models.Index(fields=['object_type', 'object_id'], name='audit_object')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]

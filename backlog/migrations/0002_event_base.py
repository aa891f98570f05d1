# The event table takes the shape of core.events.EventBase.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('backlog', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='backlogevent',
            name='data',
            field=models.JSONField(blank=True, default=dict, verbose_name='data'),
        ),
        migrations.AlterField(
            model_name='backlogevent',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor'),
        ),
        migrations.AlterField(
            model_name='backlogevent',
            name='from_status',
            field=models.CharField(blank=True, max_length=20, verbose_name='from status'),
        ),
        migrations.AlterField(
            model_name='backlogevent',
            name='to_status',
            field=models.CharField(blank=True, max_length=20, verbose_name='to status'),
        ),
        migrations.AddIndex(
            model_name='backlogevent',
            index=models.Index(fields=['case', 'at'], name='backlogevent_case_at'),
        ),
    ]

# The event table takes the shape of core.events.EventBase.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('stability', '0003_petition_fk'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='matterevent',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor'),
        ),
        migrations.AlterField(
            model_name='matterevent',
            name='data',
            field=models.JSONField(blank=True, default=dict, verbose_name='data'),
        ),
        migrations.AlterField(
            model_name='matterevent',
            name='from_status',
            field=models.CharField(blank=True, max_length=20, verbose_name='from status'),
        ),
        migrations.AlterField(
            model_name='matterevent',
            name='to_status',
            field=models.CharField(blank=True, max_length=20, verbose_name='to status'),
        ),
    ]

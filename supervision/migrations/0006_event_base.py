# The event table takes the shape of core.events.EventBase.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('supervision', '0005_alerts_move_to_alerts_app'),
    ]

    operations = [
        migrations.AlterField(
            model_name='supervisionevent',
            name='action',
            field=models.CharField(max_length=30, verbose_name='action'),
        ),
        migrations.AlterField(
            model_name='supervisionevent',
            name='from_status',
            field=models.CharField(blank=True, max_length=20, verbose_name='from status'),
        ),
        migrations.AlterField(
            model_name='supervisionevent',
            name='to_status',
            field=models.CharField(blank=True, max_length=20, verbose_name='to status'),
        ),
    ]

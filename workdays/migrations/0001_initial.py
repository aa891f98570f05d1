"""CalendarDay moves from common to workdays: state only, the table keeps its name
(common_calendarday) and its rows. Its content type and permissions follow it."""

from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="workdays", model="calendarday").exists():
        ContentType.objects.filter(app_label="common", model="calendarday").update(
            app_label="workdays")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="workdays", model="calendarday").update(
        app_label="common")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("common", "0004_audit_retention"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CalendarDay',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField(unique=True, verbose_name='date')),
                        ('kind', models.CharField(choices=[('holiday', 'Statutory holiday (rest day)'), ('workday', 'Make-up working day')], max_length=10, verbose_name='kind')),
                        ('name', models.CharField(blank=True, help_text='e.g. National Day, Spring Festival', max_length=50, verbose_name='name')),
                    ],
                    options={
                        'verbose_name': 'calendar day',
                        'verbose_name_plural': 'holiday calendar',
                        'db_table': 'common_calendarday',
                        'ordering': ['day'],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]

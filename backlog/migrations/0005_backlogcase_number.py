"""Backlog cases get their own number, JA-YYYY-NNNNNN (issue 18).

Existing cases are numbered per year of `assigned_on`, in (assigned_on, id)
order, by core.numbering.backfill_numbers (plain ORM: PostgreSQL and SQLite)."""

from django.db import migrations, models

from core.numbering import BACKLOG_PREFIX, backfill_numbers


def backfill(apps, schema_editor):
    backfill_numbers(apps.get_model("backlog", "BacklogCase"),
                     apps.get_model("common", "RecordCounter"),
                     prefix=BACKLOG_PREFIX, date_field="assigned_on")


class Migration(migrations.Migration):

    dependencies = [
        ("backlog", "0004_import_job"),
        ("common", "0006_record_counter"),
    ]

    operations = [
        migrations.AddField(
            model_name="backlogcase",
            name="number",
            field=models.CharField(editable=False, max_length=20, null=True, unique=True,
                                   verbose_name="number"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="backlogcase",
            name="number",
            field=models.CharField(editable=False, max_length=20, unique=True,
                                   verbose_name="number"),
        ),
    ]

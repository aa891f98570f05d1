"""Risk matters get their own number, MD-YYYY-NNNNNN (issue 18).

Existing matters are numbered per year of `opened_on`, in (opened_on, id)
order, by core.numbering.backfill_numbers (plain ORM: PostgreSQL and SQLite)."""

from django.db import migrations, models

from core.numbering import MATTER_PREFIX, backfill_numbers


def backfill(apps, schema_editor):
    backfill_numbers(apps.get_model("stability", "RiskMatter"),
                     apps.get_model("common", "RecordCounter"),
                     prefix=MATTER_PREFIX, date_field="opened_on")


class Migration(migrations.Migration):

    dependencies = [
        ("stability", "0004_event_base"),
        ("common", "0006_record_counter"),
    ]

    operations = [
        migrations.AddField(
            model_name="riskmatter",
            name="number",
            field=models.CharField(editable=False, max_length=20, null=True, unique=True,
                                   verbose_name="number"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="riskmatter",
            name="number",
            field=models.CharField(editable=False, max_length=20, unique=True,
                                   verbose_name="number"),
        ),
    ]

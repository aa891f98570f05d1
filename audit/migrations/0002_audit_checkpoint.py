"""Daily signed checkpoints of the audit chain (issue 16), append-only like the log."""

import django.utils.timezone
from django.db import migrations, models

PG_FORWARD = """
CREATE OR REPLACE FUNCTION common_auditcheckpoint_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit checkpoints are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER common_auditcheckpoint_no_update BEFORE UPDATE OR DELETE
    ON common_auditcheckpoint
    FOR EACH ROW EXECUTE FUNCTION common_auditcheckpoint_append_only();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS common_auditcheckpoint_no_update ON common_auditcheckpoint;
DROP FUNCTION IF EXISTS common_auditcheckpoint_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                           serialize=False, verbose_name="ID")),
                ("day", models.DateField(unique=True, verbose_name="day")),
                ("count", models.PositiveBigIntegerField(verbose_name="rows")),
                ("head_id", models.BigIntegerField(verbose_name="head row")),
                ("head_hash", models.CharField(max_length=64)),
                ("signature", models.CharField(max_length=64)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now,
                                                    verbose_name="created at")),
            ],
            options={"db_table": "common_auditcheckpoint", "verbose_name": "audit checkpoint",
                     "verbose_name_plural": "audit checkpoints", "ordering": ["-day"]},
        ),
        migrations.RunPython(forward, reverse),
    ]

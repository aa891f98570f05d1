"""SQLite (the demo) refuses an UPDATE of an audit checkpoint, as it does of an audit
row (core 0003); PostgreSQL refuses UPDATE and DELETE since 0002. DELETE stays allowed
on SQLite for the same reason as the log's: the test runner empties tables with it."""

from django.db import migrations

SQLITE_FORWARD = """CREATE TRIGGER common_auditcheckpoint_no_update BEFORE UPDATE
    ON common_auditcheckpoint BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;"""
SQLITE_REVERSE = "DROP TRIGGER IF EXISTS common_auditcheckpoint_no_update;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_audit_checkpoint")]
    operations = [migrations.RunPython(forward, reverse)]

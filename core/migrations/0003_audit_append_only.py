"""The database, not the application, keeps the audit log append-only.

PostgreSQL refuses UPDATE and DELETE of a row. TRUNCATE is left to the
database role's privileges (production grants the app role no TRUNCATE on
this table; Django's test flush needs it). On SQLite (the demo) only UPDATE is
refused, because the test runner empties tables with DELETE.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION common_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER common_auditentry_no_update BEFORE UPDATE OR DELETE ON common_auditentry
    FOR EACH ROW EXECUTE FUNCTION common_auditentry_append_only();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS common_auditentry_no_update ON common_auditentry;
DROP FUNCTION IF EXISTS common_auditentry_append_only();
"""
SQLITE_FORWARD = [
    """CREATE TRIGGER common_auditentry_no_update BEFORE UPDATE ON common_auditentry
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS common_auditentry_no_update;",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_REVERSE)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("common", "0002_audit_log")]
    operations = [migrations.RunPython(forward, reverse)]

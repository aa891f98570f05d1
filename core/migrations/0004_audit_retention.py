"""Let the retention job, and only it, delete audit rows past their keeping.

The trigger still refuses every UPDATE, and refuses DELETE unless the
transaction has set `xinfang.audit_purge` (the purge job does, with SET LOCAL)
and the row is more than a year old, whatever the configured retention.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION common_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('xinfang.audit_purge', true) = 'on'
       AND OLD.at < now() - interval '365 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
"""
PG_REVERSE = """
CREATE OR REPLACE FUNCTION common_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("common", "0003_audit_append_only")]
    operations = [migrations.RunPython(forward, reverse)]

"""AuditEntry and CalendarDay now belong to the audit and workdays apps (their
0001 migrations take them over in the state). Nothing changes in the database:
the tables keep their names, rows and triggers."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("common", "0004_audit_retention"),
        ("audit", "0001_initial"),
        ("workdays", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AuditEntry"),
                migrations.DeleteModel(name="CalendarDay"),
            ],
            database_operations=[],
        ),
    ]

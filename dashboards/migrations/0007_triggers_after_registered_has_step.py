"""SQLite (the demo's database) adds a check constraint by rebuilding the table, which
drops its triggers: petitions 0014 did that to petitions_petition, so the rollup
triggers are put back here. PostgreSQL alters the table in place and keeps them."""

from django.db import migrations

from dashboards import rollups


def reinstall_on_sqlite(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor != "sqlite":
        return
    for sql in rollups.uninstall_sql(vendor) + rollups.install_sql(vendor):
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('dashboards', '0006_keep_first_repeat_on'),
        ('petitions', '0014_registered_has_step'),
    ]

    operations = [
        migrations.RunPython(reinstall_on_sqlite, migrations.RunPython.noop),
    ]

"""The trigger keeping petitions' first_repeat_on the database's own (a save() of an
instance read before a repeat came cannot set it back): the rollup triggers are
reinstalled with it (dashboards.rollups.install_sql)."""

from django.db import migrations

from dashboards import rollups


def reinstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in rollups.uninstall_sql(vendor) + rollups.install_sql(vendor):
        schema_editor.execute(sql)
    statements = rollups.rebuild_sql(vendor)
    schema_editor.execute(f"DELETE FROM {rollups.OPEN}")
    schema_editor.execute(next(sql for sql in statements
                               if sql.startswith(f"INSERT INTO {rollups.OPEN} ")))


class Migration(migrations.Migration):

    dependencies = [
        ('dashboards', '0005_petition_month_by_unit'),
    ]

    operations = [
        migrations.RunPython(reinstall, migrations.RunPython.noop),
    ]

"""A registered petition always holds its acceptance step (current_due is its
acceptance_due, the registering unit answers for it): the city's count of petitions
waiting for acceptance is read from the open-step rollup (dashboards.selectors).

A database written before services kept both columns may hold a registered petition
without them: they are filled in first, as services.petition_register writes them, so
the constraint can be added to an existing database. The rollup triggers see the
UPDATE like any other write."""

from django.db import migrations, models


def fill_in_the_step(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # The foreign keys are checked at once, not at COMMIT: a deferred check left
        # pending would stop the ALTER TABLE below ("pending trigger events").
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    Petition = apps.get_model("petitions", "Petition")
    registered = Petition._base_manager.filter(status="registered")
    registered.filter(current_due__isnull=True).update(current_due=models.F("acceptance_due"))
    registered.filter(responsible_unit__isnull=True).update(
        responsible_unit=models.F("org_unit"))


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_token_grant'),
        ('petitions', '0013_petition_assessment_indexes'),
    ]

    operations = [
        migrations.RunPython(fill_in_the_step, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='petition',
            constraint=models.CheckConstraint(
                condition=models.Q(models.Q(('status', 'registered'), _negated=True),
                                   models.Q(('current_due__isnull', False),
                                            ('responsible_unit__isnull', False)),
                                   _connector='OR'),
                name='petition_registered_has_step'),
        ),
    ]

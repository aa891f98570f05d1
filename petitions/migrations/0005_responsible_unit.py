import django.db.models.deletion
from django.db import migrations, models

# Petition.step_unit_id as one UPDATE over the existing rows (issue 18).
FILL = """
UPDATE petitions_petition
   SET responsible_unit_id = CASE
       WHEN status = 'forwarded' THEN NULL
       WHEN status IN ('registered', 'accepted', 'declined') OR handling_unit_id IS NULL
            THEN org_unit_id
       ELSE handling_unit_id END
"""


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_password_changed_at"),
        ("petitions", "0004_petition_query_code"),
    ]

    operations = [
        migrations.AddField(
            model_name="petition",
            name="responsible_unit",
            field=models.ForeignKey(blank=True, null=True,
                                    on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="accounts.orgunit",
                                    verbose_name="unit responsible for the step"),
        ),
        migrations.AddIndex(
            model_name="petition",
            index=models.Index(condition=models.Q(("current_due__isnull", False)),
                               fields=["responsible_unit", "current_due"],
                               name="petition_step_unit_due"),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]

"""The petition search column (issue 19, item 1) and, on PostgreSQL, its trigram index.

The GIN index is created here by SQL and not declared on the model: SQLite
(the development fallback) has no GIN and searches with a plain LIKE.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

INDEX = "petition_search_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON petitions_petition "
                              "USING gin (search_text gin_trgm_ops)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


def fill(apps, schema_editor):
    from petitions.search import petition_search_refresh

    petition_search_refresh()


class Migration(migrations.Migration):

    dependencies = [
        ("petitions", "0010_upper_cases_and_leader_receptions"),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name="petition",
            name="search_text",
            field=models.TextField(blank=True, db_default="", default="", editable=False,
                                   verbose_name="search text"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]

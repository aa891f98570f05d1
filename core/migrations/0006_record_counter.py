from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("common", "0005_move_models_out"),
    ]

    operations = [
        migrations.CreateModel(
            name="RecordCounter",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("prefix", models.CharField(max_length=8)),
                ("year", models.PositiveIntegerField()),
                ("last", models.PositiveIntegerField(default=0)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("prefix", "year"),
                                                        name="record_counter_prefix_year")],
            },
        ),
    ]

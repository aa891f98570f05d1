from django.db import migrations

# First petitions (初信初访) in the unit assessment (issue 20, item 6). Weight 0: they
# count nothing until the city sets a weight in the admin.
RULES = [
    ("first_petition_late", "初信初访未按期受理或答复（每件）", 0),
    ("first_petition_repeated", "初信初访办结后6个月内重复信访（每件）", 0),
]


def seed(apps, schema_editor):
    rule = apps.get_model("supervision", "AssessmentRule")
    for code, label, points in RULES:
        rule.objects.get_or_create(code=code, defaults={"label": label, "points": points})


def unseed(apps, schema_editor):
    apps.get_model("supervision", "AssessmentRule").objects.filter(
        code__in=[code for code, _label, _points in RULES]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("supervision", "0007_backlog_assessment_rules"),
    ]

    operations = [migrations.RunPython(seed, unseed)]

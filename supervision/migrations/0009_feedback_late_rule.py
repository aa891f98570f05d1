from django.db import migrations

# Cases from above fed back late (issue 20, item 1); the admin edits the weight.
RULES = [
    ("feedback_late", "上级交办件未按期反馈办理结果（每件）", -1),
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
        ("supervision", "0008_first_petition_assessment_rules"),
        ("petitions", "0010_upper_cases_and_leader_receptions"),
    ]

    operations = [migrations.RunPython(seed, unseed)]

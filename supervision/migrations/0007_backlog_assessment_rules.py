from django.db import migrations

# Backlog cases in the unit assessment (issue 18, item 4); the admin edits the weights.
RULES = [
    ("backlog_overdue", "积案超过化解期限未化解（每件）", -2),
    ("backlog_returned", "积案化解结果被市里退回（每件）", -1),
    ("backlog_rate_below_target", "积案化解率低于专项行动目标", -5),
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
        ("supervision", "0006_event_base"),
    ]

    operations = [migrations.RunPython(seed, unseed)]

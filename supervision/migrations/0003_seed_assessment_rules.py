from django.db import migrations

# The default weights of the unit assessment (issue 5); the admin edits them.
DEFAULT_RULES = [
    ("level_skipping_unreported", "越级访事项未在排查中提前报告", -2),
    ("petition_overdue", "信访事项办理环节超期（每件）", -1),
    ("report_missing", "矛盾纠纷排查报告未报", -3),
    ("report_late", "矛盾纠纷排查报告迟报", -1),
    ("supervision_overdue", "督办事项逾期未反馈", -2),
    ("notice", "被通报批评", -5),
]


def seed(apps, schema_editor):
    rule = apps.get_model("supervision", "AssessmentRule")
    for code, label, points in DEFAULT_RULES:
        rule.objects.get_or_create(code=code, defaults={"label": label, "points": points})


class Migration(migrations.Migration):

    dependencies = [
        ("supervision", "0002_orders_notices_assessment"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

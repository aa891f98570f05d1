from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('supervision', '0004_alter_notification_kind'),
    ]

    # Alert and Notification moved to the alerts app: they leave supervision's
    # state only; their tables (supervision_alert, supervision_notification)
    # stay, and alerts.0001 takes them over. No data moves.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="notification", name="org_unit"),
                migrations.RemoveField(model_name="notification", name="user"),
                migrations.DeleteModel(name="Alert"),
                migrations.DeleteModel(name="Notification"),
            ],
            database_operations=[],
        ),
    ]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BacklogConfig(AppConfig):
    name = "backlog"
    verbose_name = _("Backlog clearance")

    def ready(self):
        from backlog import demo, jobs, labels  # noqa: F401  (seeder, jobs, event labels)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = _("Monthly screening")

    def ready(self):
        # Register the seeder, the jobs, the assessment sources and the event labels.
        from screening import assessment, demo, jobs, labels  # noqa: F401

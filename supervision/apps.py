from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from supervision import demo, jobs, labels  # noqa: F401  (jobs, seeders, event labels)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StabilityConfig(AppConfig):
    name = "stability"
    verbose_name = _("Stability risk matters")

    def ready(self):
        from stability import demo, labels  # noqa: F401  (demo seeder, event labels)

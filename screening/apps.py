from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = _("Monthly screening")

    def ready(self):
        from screening import demo, jobs  # noqa: F401  (register the seeder and the jobs)

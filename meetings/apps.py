from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Joint meetings")

    def ready(self):
        from meetings import demo, labels  # noqa: F401  (seeder, event labels, references)

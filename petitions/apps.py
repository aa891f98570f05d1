from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("Petitions")

    def ready(self):
        from petitions import (  # noqa: F401  (job, seeders, event labels)
            demo,
            demo_practices,
            jobs,
            labels,
        )

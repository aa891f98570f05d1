from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    """Working days: the holiday table and the deadline arithmetic on it."""

    name = "workdays"
    verbose_name = _("holiday calendar")

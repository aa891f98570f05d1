"""The admin index in words (issue 17): names the third-party apps and Django's own
admin leave in English under zh-hans.

- django-axes names its models in lower-case English with no zh_Hans catalogue, and
  its app has no name ("Axes"); django-otp's TOTP device has a plain-string name.
- Django 5.2's admin index tables have visually hidden headers (read out by screen
  readers) whose zh_Hans translation Django does not ship yet.

The project's catalogue is searched before the packages' (LOCALE_PATHS), so the
msgids below, marked here for makemessages, are translated in locale/zh_Hans.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

MARKED = (
    # axes.models verbose names
    gettext_noop("access failure"), gettext_noop("access failures"),
    gettext_noop("access attempt"), gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("access attempt expiration"), gettext_noop("access attempt expirations"),
    gettext_noop("access log"), gettext_noop("access logs"),
    # django/contrib/admin/templates/admin/app_list.html (5.2)
    gettext_noop("Model name"), gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
)


def name_third_party_models() -> None:
    if apps.is_installed("axes"):
        apps.get_app_config("axes").verbose_name = _("Login protection")
    if apps.is_installed("django_otp.plugins.otp_totp"):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice._meta.verbose_name = _("authenticator device")
        TOTPDevice._meta.verbose_name_plural = _("authenticator devices")

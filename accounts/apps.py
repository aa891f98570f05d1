from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender: AppConfig, **kwargs: Any) -> None:
    from accounts.services import roles_sync

    roles_sync()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and org units")

    def ready(self) -> None:
        # Plumbing, not workflow: the role groups must exist with their
        # permissions after every migrate, including the test database's.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="accounts.sync_roles")
        from accounts import auth_log, demo, lockout, tokens  # noqa: F401  (demo: its seeder)
        from accounts.admin_labels import name_third_party_models

        name_third_party_models()

        auth_log.connect()
        tokens.connect()
        lockout.connect()


class TOTPConfig(AppConfig):
    """django-otp's TOTP devices, named in words in the admin (it has no name of its
    own, so the admin showed the label "Otp_Totp")."""

    name = "django_otp.plugins.otp_totp"
    label = "otp_totp"
    default_auto_field = "django.db.models.AutoField"
    verbose_name = _("Two-factor devices")
    default = False

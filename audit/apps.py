from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("audit log")

    def ready(self):
        from audit import jobs, middleware  # noqa: F401  (the purge job; the refusal signal)
        from core.signals import access_refused

        access_refused.connect(middleware.audit_refusal_signal, dispatch_uid="audit.refusal")

        from django.db.models.signals import post_migrate

        from audit.admin_audit import install_admin_audit
        from audit.grants import on_post_migrate

        post_migrate.connect(on_post_migrate, dispatch_uid="audit-grants")
        install_admin_audit()

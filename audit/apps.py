from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("audit log")

    def ready(self):
        from audit import jobs, middleware  # noqa: F401  (the purge job; the refusal signal)
        from core.signals import access_refused

        access_refused.connect(middleware.audit_refusal_signal, dispatch_uid="audit.refusal")

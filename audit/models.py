from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One line of the append-only audit log.

    The database refuses UPDATE and DELETE on this table (triggers, see the
    migration), and each row carries the hash of the previous one, so an edit
    made around the application is detectable by `audit_verify_chain`.
    """

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey("accounts.User", verbose_name=_("actor"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=50, db_index=True)
    object_type = models.CharField(_("object type"), max_length=50, blank=True)
    object_id = models.CharField(_("object id"), max_length=50, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False, unique=True)

    class Meta:
        # Moved from common with its rows; the append-only triggers are on this table.
        db_table = "common_auditentry"
        ordering = ["-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action}"

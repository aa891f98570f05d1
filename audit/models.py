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
        from audit.labels import action_label

        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {action_label(self.action)}"


class AuditCheckpoint(models.Model):
    """A daily anchor of the audit chain: how many rows, and the head's hash, signed.

    Deleting the newest rows, or the oldest outside a recorded purge, leaves the
    chain self-consistent; a checkpoint does not. The app's database role may
    only INSERT and SELECT here (docker/postgres-init.sql), and a copy of each
    goes to audit-checkpoints/<day>.json in the files storage (core.files).
    """

    day = models.DateField(_("day"), unique=True)
    count = models.PositiveBigIntegerField(_("rows"))
    head_id = models.BigIntegerField(_("head row"))
    head_hash = models.CharField(max_length=64)
    signature = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        db_table = "common_auditcheckpoint"  # created under the old app label
        ordering = ["-day"]
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")

    def __str__(self):
        return f"{self.day} {self.count} {self.head_hash[:12]}"

"""Lateness alerts and the bell's notifications, shared by every module.

The tables keep their supervision_* names: the models moved here from
supervision with SeparateDatabaseAndState, so no data moved.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Alert(models.Model):
    """One open or cleared lateness flag, for every kind of step (api.md, Alerts).

    The unique constraint on (kind, target_type, target_id, due_on) makes each
    flag job idempotent: a re-run inserts nothing (ON CONFLICT DO NOTHING).
    """

    class Kind(models.TextChoices):
        PETITION_OVERDUE = "petition_overdue", _("Petition step overdue")
        REPORT_MISSING = "report_missing", _("Screening report missing")
        BACKLOG_OVERDUE = "backlog_overdue", _("Backlog case overdue")
        SUPERVISION_OVERDUE = "supervision_overdue", _("Supervision order overdue")
        # A case from above whose result was not fed back upward in time (issue 20).
        FEEDBACK_OVERDUE = "feedback_overdue", _("Feedback to the upper level overdue")

    class TargetType(models.TextChoices):
        PETITION = "petition", _("Petition")
        SCREENING_PERIOD = "screening_period", _("Screening period")
        BACKLOG_CASE = "backlog_case", _("Backlog case")
        SUPERVISION_ORDER = "supervision_order", _("Supervision order")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    target_type = models.CharField(_("target type"), max_length=30, choices=TargetType.choices)
    target_id = models.BigIntegerField(_("target id"))
    org_unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("org unit"),
                                 on_delete=models.PROTECT, related_name="alerts")
    due_on = models.DateField(_("due on"))
    raised_on = models.DateField(_("raised on"))
    cleared_on = models.DateField(_("cleared on"), null=True, blank=True)

    class Meta:
        # The table keeps the name it had in supervision (no data moved).
        db_table = "supervision_alert"
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-raised_on", "-id"]
        constraints = [
            # For report_missing the period is the target and the unit is part
            # of the key, so one alert per unit and period.
            models.UniqueConstraint(
                fields=["kind", "target_type", "target_id", "org_unit", "due_on"],
                name="alert_unique_step",
            ),
        ]
        indexes = [
            # Dashboards and the bell read the open alerts of a unit.
            models.Index(fields=["org_unit", "kind"], condition=Q(cleared_on__isnull=True),
                         name="alert_open_by_unit"),
            models.Index(fields=["target_type", "target_id"], name="alert_target"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.target_id}"


class Notification(models.Model):
    """A message for the bell: to one user or to a unit; digests once a unit a day."""

    class Kind(models.TextChoices):
        DIGEST = "digest", _("Daily digest")
        ORDER = "order", _("Supervision order")
        NOTICE = "notice", _("Notice")
        EXPORT = "export", _("Export ready")
        IMPORT = "import", _("Import finished")
        HANDOVER = "handover", _("Work handed over")
        RETURNED = "returned", _("Returned for correction")
        SURFACED = "surfaced", _("Matter registered at city level")
        REVIEW_ASKED = "review_ask", _("Review asked for online")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True,
                             blank=True, on_delete=models.CASCADE, related_name="notifications")
    org_unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("unit"), null=True,
                                 blank=True, on_delete=models.CASCADE,
                                 related_name="notifications")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    day = models.DateField(_("day"))
    text = models.TextField(_("text"))
    link = models.CharField(_("link"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        db_table = "supervision_notification"
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            # send_reminders: one digest per unit per day, so a rerun sends nothing.
            models.UniqueConstraint(fields=["org_unit", "day"], condition=Q(kind="digest"),
                                    name="notification_one_digest_a_day"),
        ]
        indexes = [models.Index(fields=["org_unit", "read_at"], name="notification_unit_unread"),
                   models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self):
        return self.text[:50]

"""Backlog clearance (积案化解): campaigns, cases, progress, evidence, events (domain.md)."""

import uuid
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.events import EventBase
from core.files import files_storage
from core.numbering import BACKLOG_PREFIX, next_number


class Campaign(models.Model):
    """A clearance year or special action, set by the joint meeting (联席会议)."""

    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveIntegerField(_("year"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    launched_by_meeting = models.CharField(_("launched by meeting"), max_length=200, blank=True)
    meeting_on = models.DateField(_("meeting date"), null=True, blank=True)
    # 化解率 the units must reach by `ends_on`; below it the assessment deducts
    # (rule backlog_rate_below_target).
    target_rate = models.DecimalField(_("target resolution rate (%)"), max_digits=4,
                                      decimal_places=1, default=Decimal(90),
                                      validators=[MinValueValidator(0), MaxValueValidator(100)])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "-starts_on", "-id"]

    def __str__(self):
        return self.name


class OutcomeDocument(models.TextChoices):
    AGREEMENT = "agreement", _("Settlement agreement")
    DECISION = "decision", _("Written decision")


class BacklogCase(models.Model):
    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        PLAN_SUBMITTED = "plan_submitted", _("Plan submitted")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        VERIFIED = "verified", _("Verified")

    # Every status but verified runs against the resolution deadline.
    OPEN_STATUSES = ("assigned", "plan_submitted", "in_progress", "resolved")
    # The unit's work is done once resolved; only the city's check remains.
    UNRESOLVED_STATUSES = ("assigned", "plan_submitted", "in_progress")

    # JA-YYYY-NNNNNN, per year of `assigned_on` (core.numbering); read-only.
    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"),
                                 on_delete=models.PROTECT, related_name="cases")
    petition = models.ForeignKey("petitions.Petition", verbose_name=_("petition"), null=True,
                                 blank=True, on_delete=models.PROTECT,
                                 related_name="backlog_cases")
    title = models.CharField(_("title"), max_length=200)
    org_unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("responsible unit"),
                                 on_delete=models.PROTECT, related_name="backlog_cases")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("leader in charge"),
                               on_delete=models.PROTECT, related_name="backlog_cases")
    due_on = models.DateField(_("resolution deadline"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.ASSIGNED)
    plan = models.TextField(_("resolution plan"), blank=True)
    plan_submitted_on = models.DateField(_("plan submitted on"), null=True, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    # How the matter was settled: a settlement agreement (化解协议) or the
    # written decision (处理意见书), and whether the petitioner signed it as
    # satisfied. Never an undertaking not to petition (issue 20, item 9).
    outcome_document = models.CharField(_("outcome document"), max_length=20,
                                        choices=OutcomeDocument.choices, blank=True,
                                        db_default="")
    satisfaction_signed = models.BooleanField(_("petitioner signed as satisfied"),
                                              default=False, db_default=False)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    assigned_on = models.DateField(_("assigned on"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("backlog case")
        verbose_name_plural = _("backlog cases")
        ordering = ["due_on", "id"]
        indexes = [
            # flag_overdue and the reminders read the cases still with the unit
            # (not yet resolved) by deadline: a small partial index.
            models.Index(fields=["due_on"], name="backlog_open_due",
                         condition=Q(status__in=["assigned", "plan_submitted",
                                                 "in_progress"])),
            models.Index(fields=["campaign", "org_unit"], name="backlog_campaign_unit"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The services allocate the number in their transaction; this covers any
        # other path through save() (admin, fixtures). bulk_create paths call
        # core.numbering.allocate_numbers themselves.
        if not self.number:
            with transaction.atomic():
                self.number = next_number(BACKLOG_PREFIX, self.assigned_on.year)
                super().save(*args, **kwargs)
            return
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class ProgressReport(models.Model):
    case = models.ForeignKey(BacklogCase, on_delete=models.CASCADE, related_name="progress")
    on = models.DateField(_("date"))
    note = models.TextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["on", "id"]

    def __str__(self):
        return f"{self.case_id} {self.on}"


def evidence_path(instance, filename: str) -> str:
    # A random name: the uploader's file name is kept only as a label.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"backlog/{instance.case_id}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """A file attached to a case (e.g. the signed 化解协议 or 处理意见书).

    Stored in the files storage (core.files: under MEDIA_ROOT, outside the web root, or
    in a private bucket) and served only by the scoped `evidence_download` view.
    """

    case = models.ForeignKey(BacklogCase, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255,
                            storage=files_storage)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("supporting file")
        verbose_name_plural = _("supporting files")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.name


class BacklogEvent(EventBase):
    """The audit trail: one row per action on a case."""

    case = models.ForeignKey(BacklogCase, on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = _("backlog event")
        verbose_name_plural = _("backlog events")
        # The case page reads a case's events in time order.
        indexes = [models.Index(fields=["case", "at"], name="backlogevent_case_at")]


class BacklogReminder(models.Model):
    """A reminder sent to the leader in charge; the unique key makes reruns no-ops."""

    case = models.ForeignKey(BacklogCase, on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="backlog_reminders")
    due_on = models.DateField(_("due on"))
    days_before = models.PositiveSmallIntegerField(_("days before"))
    sent_on = models.DateField(_("sent on"))

    class Meta:
        verbose_name = _("backlog reminder")
        verbose_name_plural = _("backlog reminders")
        constraints = [models.UniqueConstraint(fields=["case", "due_on", "days_before"],
                                               name="backlog_reminder_once")]

    def __str__(self):
        return f"{self.case_id} {self.due_on} -{self.days_before}"


class ImportJob(models.Model):
    """A backlog upload too large to check in the request (BACKLOG_IMPORT_ASYNC_BYTES):
    stored in backlog-imports/ of the files storage (core.files) and imported by the Celery task
    `backlog.run_import` (with a time limit) through the same `cases_import`. The
    owner follows it on its page and hears of the result in the bell."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Imported")
        REJECTED = "rejected", _("Rows rejected")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                             on_delete=models.CASCADE, related_name="backlog_import_jobs")
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE,
                                 related_name="import_jobs")
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    stored_name = models.CharField(_("stored file"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows checked"), default=0)
    created_count = models.PositiveIntegerField(_("cases created"), default=0)
    # The rejected rows ([{"row", "errors"}], at most 500 kept) and the error report's token.
    row_errors = models.JSONField(_("row errors"), default=list, blank=True)
    rejected_rows = models.PositiveIntegerField(_("rows rejected"), default=0)
    report = models.CharField(_("error report"), max_length=60, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("backlog import job")
        verbose_name_plural = _("backlog import jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.original_name} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REJECTED, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return min(99, int(100 * self.done / self.total)) if self.total else 0

"""Monthly screening (矛盾纠纷排查) : periods, reports, items and their events.

domain.md, Monthly screening; api.md, Screening.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import Category, RiskLevel
from core.events import EventBase


class ScreeningSettings(models.Model):
    """The admin's knobs for the time window (one row; `current()` creates it)."""

    due_day = models.PositiveSmallIntegerField(
        _("due day of the month"), default=25,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("Reports are due on this day of the month (1-28)."))
    lock_days = models.PositiveSmallIntegerField(
        _("days open after the due date"), default=5,
        validators=[MaxValueValidator(60)],
        help_text=_("After this many days past the due date a filed report can only be "
                    "changed if the city returns it."))
    reminder_working_days = models.PositiveSmallIntegerField(
        _("reminder lead (working days)"), default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)])

    class Meta:
        verbose_name = _("screening settings")
        verbose_name_plural = _("screening settings")

    def __str__(self):
        return str(_("Screening settings"))

    @classmethod
    def current(cls) -> "ScreeningSettings":
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class ScreeningMethod(models.TextChoices):
    """How a unit screens (四个统一: one method): stated per period, recorded per report."""

    VISIT = "visit", _("Home visits (走访)")
    FORUM = "forum", _("Forums with the parties (座谈)")
    MEETING = "meeting", _("Screening meeting (排查会)")
    GRID = "grid", _("Grid walk-through (网格排查)")


def default_methods() -> list[str]:
    return [ScreeningMethod.VISIT, ScreeningMethod.FORUM, ScreeningMethod.MEETING]


class ScreeningPeriod(models.Model):
    """One month's time window. Dates are fixed when the period is created, so
    changing the due day later does not move a period units are working on."""

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    opens_on = models.DateField(_("opens on"))
    due_on = models.DateField(_("due on"))
    locks_on = models.DateField(_("locks on"))
    # The methods the city states for this period (issue 20, item 4); each report names one.
    methods = models.JSONField(_("screening methods"), default=default_methods, blank=True)

    class Meta:
        verbose_name = _("screening period")
        verbose_name_plural = _("screening periods")
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="screening_period_unique_month"),
        ]

    def __str__(self):
        return f"{self.year}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def method_labels(self) -> list[str]:
        names = dict(ScreeningMethod.choices)
        return [str(names.get(m, m)) for m in self.methods or []]


class ScreeningReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")

    period = models.ForeignKey(ScreeningPeriod, verbose_name=_("period"),
                               on_delete=models.PROTECT, related_name="reports")
    org_unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("org unit"),
                                 on_delete=models.PROTECT, related_name="screening_reports")
    zero_report = models.BooleanField(_("zero report"), default=False)
    # Which of the period's methods was used and who screened (the unit's own staff or
    # bodies, e.g. "综治办、各村调解委员会"): the fourth unification (issue 20, item 4).
    method = models.CharField(_("screening method"), max_length=20,
                              choices=ScreeningMethod.choices, blank=True, db_default="")
    screened_by = models.CharField(_("screened by"), max_length=200, blank=True, db_default="")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Lateness is judged on the first submission: a correction after a return
    # does not make an on-time report late.
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    late = models.BooleanField(_("late"), default=False)
    returned_reason = models.TextField(_("reason for return"), blank=True)
    # A township's report names the villages that owed a report and had not filed it
    # when the township (re)submitted (issue 20, item 5): their codes, space-separated.
    villages_missing = models.TextField(_("villages missing at submission"), blank=True,
                                        db_default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("screening report")
        verbose_name_plural = _("screening reports")
        ordering = ["-period__year", "-period__month", "org_unit__code"]
        constraints = [
            # One report per unit and period: a double submit, even two at once,
            # hits this and becomes a 409.
            models.UniqueConstraint(fields=["period", "org_unit"],
                                    name="screening_report_one_per_unit"),
        ]
        indexes = [
            # The year grid and completeness read a period's filed reports.
            models.Index(fields=["org_unit", "period"], name="screening_report_unit"),
        ]

    def __str__(self):
        return f"{self.org_unit} {self.period}"

    @property
    def villages_missing_codes(self) -> list[str]:
        return self.villages_missing.split()


class ScreeningItem(models.Model):
    """One dispute or risk found in the month. The stability app links its risk
    matters to these (stability.RiskMatter.screening_item, item.raised_matters)."""

    report = models.ForeignKey(ScreeningReport, verbose_name=_("report"),
                               on_delete=models.CASCADE, related_name="items")
    category = models.CharField(_("category"), max_length=40, choices=Category.choices)
    description = models.TextField(_("description"))
    parties = models.CharField(_("parties"), max_length=200, blank=True)
    people_involved = models.PositiveIntegerField(_("people involved"), default=1)
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices,
                                  default=RiskLevel.LOW)
    measures = models.TextField(_("measures taken"), blank=True)
    resolved = models.BooleanField(_("resolved"), default=False)

    class Meta:
        verbose_name = _("screening item")
        verbose_name_plural = _("screening items")
        ordering = ["id"]

    def __str__(self):
        return self.description[:40]


class ScreeningEvent(EventBase):
    """The audit trail of a report: who did what, when, from which status to which."""

    report = models.ForeignKey(ScreeningReport, verbose_name=_("report"),
                               on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = _("screening event")
        verbose_name_plural = _("screening events")
        indexes = [models.Index(fields=["report", "at"], name="screening_event_report")]


class ScreeningReminder(models.Model):
    """A reminder sent to a unit that has not filed (send_reminders or the city's
    button). Unique per unit, period and day, so a rerun sends nothing new."""

    period = models.ForeignKey(ScreeningPeriod, verbose_name=_("period"),
                               on_delete=models.CASCADE, related_name="reminders")
    org_unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("org unit"),
                                 on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(_("sent on"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"),
                                null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")

    class Meta:
        verbose_name = _("screening reminder")
        verbose_name_plural = _("screening reminders")
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["period", "org_unit", "sent_on"],
                                    name="screening_reminder_once_a_day"),
        ]

    def __str__(self):
        return f"{self.org_unit} {self.period} {self.sent_on}"


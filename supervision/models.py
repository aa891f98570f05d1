from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.events import EventBase


class SupervisionOrder(models.Model):
    """A supervision order (督办单) addressed to a unit about one matter.

    The target is generic (type + id) because backlog cases and risk matters
    live in apps built in parallel; petitions also get a real foreign key.
    """

    class TargetType(models.TextChoices):
        PETITION = "petition", _("Petition")
        BACKLOG_CASE = "backlog_case", _("Backlog case")
        STABILITY_MATTER = "stability_matter", _("Risk matter")

    class Level(models.TextChoices):
        GENERAL = "general", _("General")
        KEY = "key", _("Key")
        LISTED = "listed", _("Listed (挂牌)")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESPONDED = "responded", _("Responded")
        CLOSED = "closed", _("Closed")

    class Escalation(models.TextChoices):
        NONE = "none", _("Not escalated")
        CITY_LEADERSHIP = "city_leadership", _("City leader in charge")
        JOINT_MEETING = "joint_meeting", _("Joint meeting")

    # The escalation ladder, in order (domain.md: leader in charge, then joint meeting).
    ESCALATION_LADDER = (Escalation.NONE, Escalation.CITY_LEADERSHIP, Escalation.JOINT_MEETING)

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    target_type = models.CharField(_("target type"), max_length=20, choices=TargetType.choices)
    target_id = models.BigIntegerField(_("target id"))
    petition = models.ForeignKey("petitions.Petition", verbose_name=_("petition"), null=True,
                                 blank=True, on_delete=models.PROTECT,
                                 related_name="supervision_orders")
    target_label = models.CharField(_("matter"), max_length=200, blank=True)
    org_unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("unit"),
                                 on_delete=models.PROTECT, related_name="supervision_orders")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    due_on = models.DateField(_("due on"))
    instructions = models.TextField(_("instructions"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    escalation = models.CharField(_("escalation"), max_length=20, choices=Escalation.choices,
                                  default=Escalation.NONE)
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    response_note = models.TextField(_("response"), blank=True)
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responded by"),
                                     null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"),
                                  null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("supervision order")
        verbose_name_plural = _("supervision orders")
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="order_target"),
            # flag_overdue scans the open orders by due date.
            models.Index(fields=["due_on"], condition=Q(status="open"), name="order_open_due"),
            models.Index(fields=["org_unit", "status"], name="order_unit_status"),
        ]

    def __str__(self):
        return self.number

    @property
    def next_escalation(self) -> str | None:
        ladder = list(self.ESCALATION_LADDER)
        index = ladder.index(self.escalation)
        return ladder[index + 1] if index + 1 < len(ladder) else None

    def days_overdue(self, today) -> int:
        if self.status != self.Status.OPEN or self.due_on >= today:
            return 0
        return (today - self.due_on).days


class SupervisionEvent(EventBase):
    """The audit row of every change to an order."""

    order = models.ForeignKey(SupervisionOrder, on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = _("supervision event")
        verbose_name_plural = _("supervision events")
        indexes = [models.Index(fields=["order", "at"], name="supervision_event_order")]


class Notice(models.Model):
    """A notice (通报): public criticism of a unit, with its evidence.

    `evidence` is a list of {"type", "id", "label"}: links to overdue orders,
    stalled petitions or cases, whichever app holds them.
    """

    org_unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("unit"),
                                 on_delete=models.PROTECT, related_name="notices")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    published_on = models.DateField(_("published on"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("published by"),
                                     null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["published_on"], name="notice_published")]

    def __str__(self):
        return self.title


class AccountabilityRecord(models.Model):
    """An accountability record (责任追究): the rule applied, who, the decision."""

    org_unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("unit"),
                                 on_delete=models.PROTECT, related_name="accountability_records")
    person = models.CharField(_("person held accountable"), max_length=100)
    position = models.CharField(_("position"), max_length=100, blank=True)
    rule = models.CharField(_("rule applied"), max_length=200)
    facts = models.TextField(_("facts"), blank=True)
    decision = models.TextField(_("decision"))
    decided_on = models.DateField(_("decided on"))
    notice = models.ForeignKey(Notice, verbose_name=_("notice"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="accountability_records")
    order = models.ForeignKey(SupervisionOrder, verbose_name=_("supervision order"), null=True,
                              blank=True, on_delete=models.SET_NULL,
                              related_name="accountability_records")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("accountability record")
        verbose_name_plural = _("accountability records")
        ordering = ["-decided_on", "-id"]

    def __str__(self):
        return f"{self.person} · {self.rule}"


class AssessmentRule(models.Model):
    """A deduction rule of the unit assessment; weights are edited by the admin."""

    BASE_SCORE = 100

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=200)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1,
                                 help_text=_("Negative: deducted for each record."))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("assessment rule")
        verbose_name_plural = _("assessment rules")
        ordering = ["code"]

    def __str__(self):
        return f"{self.label} ({self.points})"


class AssessmentScore(models.Model):
    """One unit's score for one month, quarter or year, with its deductions.

    `period` is the month (1-12) or quarter (1-4), 0 for a whole year.
    `deductions` is a list of {"rule", "points", "ref", "on", "label"}.
    """

    class PeriodKind(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")
        YEAR = "year", _("Year")

    org_unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("unit"),
                                 on_delete=models.CASCADE, related_name="assessment_scores")
    period_kind = models.CharField(_("period kind"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveIntegerField(_("year"))
    period = models.PositiveSmallIntegerField(_("period"), default=0)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=1)
    rank = models.PositiveIntegerField(_("rank"))
    deductions = models.JSONField(_("deductions"), default=list, blank=True)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("assessment score")
        verbose_name_plural = _("assessment scores")
        ordering = ["year", "period_kind", "period", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "period_kind", "year", "period"],
                                    name="assessment_unique_unit_period"),
        ]
        indexes = [models.Index(fields=["period_kind", "year", "period", "rank"],
                                name="assessment_ranking")]

    def __str__(self):
        return f"{self.org_unit_id} {self.year}-{self.period_kind}{self.period}: {self.score}"

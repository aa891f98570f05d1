"""Stability risk matters (domain.md, "Stability risk matters").

A matter is a *dispute* that may turn into collective or repeated petitions;
the register follows its resolution. By design (domain.md, "a line we do not
cross") nothing here records where a person is or goes: no location, address,
movement or travel field, and no alert about people. tests/stability/
test_no_location.py holds that line.
"""

from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.choices import Category, RiskLevel
from core.dates import local_today
from core.events import EventBase
from core.numbering import MATTER_PREFIX, next_number


class RiskMatter(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")

    class Source(models.TextChoices):
        SCREENING_ITEM = "screening_item", _("Screening item")
        PETITION = "petition", _("Collective petition")
        DIRECT = "direct", _("Entered directly")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    # MD-YYYY-NNNNNN, per year of `opened_on` (core.numbering); read-only.
    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=40, choices=Category.choices)
    org_unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("unit"),
                                 on_delete=models.PROTECT, related_name="risk_matters")
    # Who the dispute concerns, as the parties are described in a ledger
    # ("about 40 households of the village's group 3"), never a list of people.
    people_involved = models.CharField(_("people involved"), max_length=300)
    people_count = models.PositiveIntegerField(_("number of people"), null=True, blank=True)
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("leader in charge"),
                               on_delete=models.PROTECT, related_name="risk_matters_led")
    plan = models.TextField(_("resolution plan"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.OPEN)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices,
                              default=Source.DIRECT)
    # The screening item or collective petition a matter was raised from
    # (ScreeningItem.raised_matters points back).
    screening_item = models.ForeignKey("screening.ScreeningItem",
                                       verbose_name=_("screening item"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="raised_matters")
    petition = models.ForeignKey("petitions.Petition", verbose_name=_("petition"), null=True,
                                 blank=True, on_delete=models.PROTECT,
                                 related_name="raised_matters")
    opened_on = models.DateField(_("opened on"), default=local_today)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"),
                                   null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("risk matter")
        verbose_name_plural = _("risk matters")
        indexes = [
            # The register's default view: a unit's open matters, newest first.
            models.Index(fields=["org_unit", "status", "-opened_on"], name="matter_unit_status"),
            # The city view counts open matters by unit and risk level.
            models.Index(fields=["risk_level", "org_unit"], condition=~Q(status="resolved"),
                         name="matter_open_by_risk"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The services allocate the number in their transaction; this covers any
        # other path through save() (admin, fixtures). bulk_create paths call
        # core.numbering.allocate_numbers themselves.
        if not self.number:
            with transaction.atomic():
                self.number = next_number(MATTER_PREFIX, self.opened_on.year)
                super().save(*args, **kwargs)
            return
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class ContactLog(models.Model):
    """A dated contact with the parties about their grievance: what was said and agreed."""

    matter = models.ForeignKey(RiskMatter, verbose_name=_("matter"), on_delete=models.CASCADE,
                               related_name="contacts")
    on = models.DateField(_("date"))
    met_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("met by"),
                               on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(_("what was discussed"))
    outcome = models.TextField(_("what was agreed"))
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return f"{self.matter_id} {self.on}"


class MatterEvent(EventBase):
    """The audit trail of a matter: who did what, when, from which status to which."""

    matter = models.ForeignKey(RiskMatter, on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = _("risk matter event")
        verbose_name_plural = _("risk matter events")
        indexes = [models.Index(fields=["matter", "at"], name="matterevent_matter_at")]

    def __str__(self):
        return f"{self.matter_id} {self.action}"

"""The city's joint meeting on petition work (市信访工作联席会议) as a body (issue 20).

A meeting studies matters (agenda items) and decides on each: a lead unit, a
deadline and a requirement. A decision becomes a supervision order or a backlog
case with one click; the item keeps the link, and the order's or case's page
reads it back through the reverse relation (`meeting_items`), so the lower apps
never import this one.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.events import EventBase


class Meeting(models.Model):
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=200)
    # "第三次会议": the session's own number, as the minutes name it.
    number = models.CharField(_("session"), max_length=50, blank=True)
    attending_units = models.ManyToManyField("accounts.OrgUnit", verbose_name=_("attending units"),
                                             blank=True, related_name="meetings_attended")
    # The campaign (积案化解年, a special action) the meeting deployed, if any.
    campaign = models.ForeignKey("backlog.Campaign", verbose_name=_("campaign deployed"),
                                 null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="meetings")
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # record_event reads a status; a meeting has none.
    status = ""

    class Meta:
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.title}（{self.held_on:%Y-%m-%d}）"


class MeetingItem(models.Model):
    """An agenda item (议题): the matter studied and the decision taken on it."""

    class TargetType(models.TextChoices):
        PETITION = "petition", _("Petition")
        BACKLOG_CASE = "backlog_case", _("Backlog case")
        STABILITY_MATTER = "stability_matter", _("Risk matter")
        SUPERVISION_ORDER = "supervision_order", _("Supervision order")

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Blank for a topic that has no record yet (e.g. "deploy the campaign").
    target_type = models.CharField(_("matter type"), max_length=20, choices=TargetType.choices,
                                   blank=True)
    target_id = models.BigIntegerField(_("matter"), null=True, blank=True)
    subject = models.CharField(_("matter studied"), max_length=200)
    decision = models.TextField(_("decision (requirement)"))
    lead_unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("lead unit"),
                                  on_delete=models.PROTECT, related_name="meeting_items")
    due_on = models.DateField(_("deadline"))
    supervision_order = models.ForeignKey("supervision.SupervisionOrder",
                                          verbose_name=_("supervision order"), null=True,
                                          blank=True, on_delete=models.SET_NULL,
                                          related_name="meeting_items")
    backlog_case = models.ForeignKey("backlog.BacklogCase", verbose_name=_("backlog case"),
                                     null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="meeting_items")

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "id"]

    def __str__(self):
        return self.subject

    @property
    def converted(self) -> bool:
        return self.supervision_order_id is not None or self.backlog_case_id is not None


class MeetingEvent(EventBase):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = _("meeting event")
        verbose_name_plural = _("meeting events")
        indexes = [models.Index(fields=["meeting", "at"], name="meetingevent_meeting_at")]

    def __str__(self):
        return f"{self.meeting_id} {self.action}"

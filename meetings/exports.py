"""The joint meetings' decisions in Excel: one row per decision, scoped like the list."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import Column, ListExporter, register
from meetings.selectors import items_for


@register
class MeetingExporter(ListExporter):
    name = "meetings"
    title = gettext_lazy("Joint meeting decisions")
    columns = [
        Column(gettext_lazy("Held on"), 12, "date"), Column(gettext_lazy("Meeting"), 30),
        Column(gettext_lazy("Session"), 12), Column("#", 5, "int"),
        Column(gettext_lazy("Matter studied"), 36),
        Column(gettext_lazy("Decision (requirement)"), 40),
        Column(gettext_lazy("Lead unit"), 18), Column(gettext_lazy("Deadline"), 12, "date"),
        Column(gettext_lazy("Carried out as"), 30),
    ]

    def queryset(self):
        return (items_for(self.user).select_related("meeting")
                .order_by("-meeting__held_on", "meeting_id", "position"))

    def rows(self):
        for i in self._records.iterator(chunk_size=2000):
            done = (f"{_('Supervision order')} {i.supervision_order.number}"
                    if i.supervision_order_id else
                    f"{_('Backlog case')} {i.backlog_case.title}" if i.backlog_case_id else "")
            yield [i.meeting.held_on, i.meeting.title, i.meeting.number, i.position, i.subject,
                   i.decision, i.lead_unit.name, i.due_on, done]


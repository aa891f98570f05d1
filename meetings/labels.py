"""How meeting events and references read (core/events.py, core/references.py)."""

from django.utils.translation import gettext_lazy as _

from core.events import register_labels
from core.references import register_reference
from meetings.models import Meeting

register_labels("meetings", statuses={}, actions={
    "create": _("Record the meeting"),
    "make_order": _("Decision turned into a supervision order"),
    "make_backlog_case": _("Decision turned into a backlog case"),
})


def _meeting_refs(ids):
    from django.urls import reverse
    return {pk: (title, reverse("meetings:detail", args=[pk]))
            for pk, title in Meeting.objects.filter(pk__in=ids).values_list("pk", "title")}


register_reference("meeting", noun=_("Joint meeting"), load=_meeting_refs)

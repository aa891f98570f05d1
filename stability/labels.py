"""How risk-matter events read on the timeline (core/events.py)."""

from django.utils.translation import gettext_lazy as _

from core.events import register_labels
from core.references import register_reference
from stability.models import RiskMatter


def _detail(event) -> str:
    return event.data.get("on") or ""  # the day of the contact or the resolution


register_labels("stability", statuses=dict(RiskMatter.Status.choices), detail=_detail, actions={
    "create": _("Register"),
    "log_contact": _("Record a contact"),
    "resolve": _("Resolve"),
    "update_plan": _("Update the plan"),
})


def _matter_refs(ids):
    from django.urls import reverse
    return {pk: (number, reverse("stability:detail", args=[pk]))
            for pk, number in RiskMatter.objects.filter(pk__in=ids).values_list("pk", "number")}


register_reference("stability_matter", noun=_("Risk matter"), load=_matter_refs)

"""How supervision events read on the timeline (core/events.py)."""

from django.utils.translation import gettext_lazy as _

from core.events import register_labels
from core.references import register_reference
from supervision.models import SupervisionOrder


def _detail(event) -> str:
    """An escalation names the level it went to, in words."""
    level = dict(SupervisionOrder.Escalation.choices).get(event.data.get("to"))
    return str(level) if level else ""


register_labels("supervision", statuses=dict(SupervisionOrder.Status.choices), detail=_detail,
                actions={
                    "create": _("Issue"),
                    "respond": _("Respond"),
                    "close": _("Close"),
                    "escalate": _("Escalate"),
                    "remind": _("Remind"),
                })


def _order_refs(ids):
    from django.urls import reverse
    return {pk: (number, reverse("supervision:order", args=[pk])) for pk, number
            in SupervisionOrder.objects.filter(pk__in=ids).values_list("pk", "number")}


def _notice_refs(ids):
    from django.urls import reverse

    from supervision.models import Notice
    return {pk: (title, reverse("supervision:notice", args=[pk]))
            for pk, title in Notice.objects.filter(pk__in=ids).values_list("pk", "title")}


register_reference("supervision_order", noun=_("Supervision order"), load=_order_refs)
register_reference("notice", noun=_("Notice"), load=_notice_refs)

"""How supervision events read on the timeline (core/events.py)."""

from django.utils.translation import gettext_lazy as _

from core.events import register_labels
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
                })

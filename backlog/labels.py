"""How backlog events read on the timeline (core/events.py)."""

from django.utils.translation import gettext_lazy as _

from backlog.models import BacklogCase
from core.events import register_labels

register_labels("backlog", statuses=dict(BacklogCase.Status.choices), actions={
    "assign": _("Handed over"),
    "import": _("Imported"),
    "submit_plan": _("Plan submitted"),
    "report_progress": _("Progress reported"),
    "resolve": _("Resolved"),
    "attach": _("File attached"),
    "verify": _("Verified and struck off"),
    "reopen": _("Returned"),
})

"""How backlog events read on the timeline (core/events.py)."""

from django.utils.translation import gettext_lazy as _

from backlog.models import BacklogCase
from core.events import register_labels
from core.references import register_reference

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


def _case_refs(ids):
    from django.urls import reverse
    return {pk: (number, reverse("backlog:detail", args=[pk]))
            for pk, number in BacklogCase.objects.filter(pk__in=ids).values_list("pk", "number")}


register_reference("backlog_case", noun=_("Backlog case"), load=_case_refs)

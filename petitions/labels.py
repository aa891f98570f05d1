"""How petition events read on the timeline (core/events.py)."""

from django.utils.translation import gettext_lazy as _

from core.events import register_labels
from core.references import register_reference
from petitions.models import Petition

register_labels("petitions", statuses=dict(Petition.Status.choices), actions={
    "register": _("Register"),
    "accept": _("Accept"),
    "accept_override": _("Accepted despite three-level termination"),
    "decline": _("Decline"),
    "forward": _("Forward"),
    "assign": _("Assign"),
    "extend": _("Extend"),
    "request_extension": _("Request an extension"),
    "approve_extension": _("Approve the extension"),
    "refuse_extension": _("Refuse the extension"),
    "reply": _("Reply"),
    "request_review": _("Record review request"),
    "review_reply": _("Review reply"),
    "request_recheck": _("Record re-review request"),
    "record_hearing": _("Record a hearing"),
    "recheck_reply": _("Re-review reply"),
    "close": _("Close"),
    "rate": _("Rate"),
    "void": _("Void the registration"),
    "ask_review_online": _("Review asked for online by the petitioner"),
    # Audit-log actions written by the look-up services (issue 20, item 10).
    "person_lookup": _("Look-up of a person's data, with its reason"),
    "petition_list_statistical_filter": _("Beijing / level-skipping list opened"),
    "feedback": _("Feed the result back upward"),
    "reception_create": _("Record a reception day"),
    "reveal_id": _("Reveal ID number"),
    "petitioner_update": _("Correct the person's record"),
    "termination_override": _("Accepted despite three-level termination"),
    "petition_void": _("Void the registration"),  # its audit row
})


def _petition_refs(ids):
    from django.urls import reverse
    return {pk: (number, reverse("petitions:detail", args=[pk]))
            for pk, number in Petition.objects.filter(pk__in=ids).values_list("pk", "number")}


register_reference("petition", noun=_("Petition"), load=_petition_refs)

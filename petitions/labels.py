"""How petition events read on the timeline: a word, never a code.

(When core's label registry lands, these entries go to `register_labels`.)
"""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
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
    "reveal_id": _("Reveal ID number"),
}

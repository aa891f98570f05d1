"""How screening events read on the timeline (core/events.py)."""

from django.utils.translation import gettext_lazy as _

from core.events import register_labels
from screening.models import ScreeningReport

register_labels("screening", statuses=dict(ScreeningReport.Status.choices), actions={
    "create": _("Created"),
    "submit": _("Submitted"),
    "resubmit": _("Resubmitted"),
    "update": _("Corrected"),
    "return": _("Returned for correction"),
})

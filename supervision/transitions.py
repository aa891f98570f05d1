"""The supervision order's allowed moves, declared once (issue 14): the services check
them, the order page offers them, the permissions read their roles."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import ADMIN, CLERK, LEADER, SUPERVISOR
from core.transitions import Move, TransitionTable
from supervision.models import SupervisionOrder

S = SupervisionOrder.Status

# The unit the order is addressed to responds (its own clerk or leader).
UNIT = (CLERK, LEADER)
# Closing and escalating are the supervisor's work.
SUPERVISORS = (SUPERVISOR, ADMIN)

MOVES = TransitionTable([
    Move("respond", (S.OPEN,), S.RESPONDED, UNIT, ("note",),
         _("Only an open order can be responded to.")),
    Move("close", (S.RESPONDED,), S.CLOSED, SUPERVISORS, ("note",),
         _("Only a responded order can be closed.")),
    # The unit still owes its response: escalation leaves the status as it is.
    Move("escalate", (S.OPEN, S.RESPONDED), "", SUPERVISORS, ("to", "note"),
         _("A closed order cannot be escalated.")),
])

"""The risk matter's allowed moves, declared once (issue 14): the services check them,
the matter page offers them, the permissions read their roles."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import CITY_ROLES, CLERK, LEADER
from core.transitions import Move, TransitionTable
from stability.models import RiskMatter

S = RiskMatter.Status

# The unit's clerk and leader work their matters; the city roles every unit's.
WORKERS = (CLERK, LEADER, *sorted(CITY_ROLES))
OPEN = (S.OPEN, S.IN_PROGRESS)

MOVES = TransitionTable([
    # The first contact puts an open matter in progress.
    Move("log_contact", OPEN, S.IN_PROGRESS, WORKERS,
         ("on", "summary", "outcome", "next_step"),
         _("A resolved matter takes no more contacts.")),
    Move("update_plan", OPEN, "", WORKERS, ("plan", "risk_level"),
         _("The plan of a resolved matter cannot change.")),
    Move("resolve", OPEN, S.RESOLVED, WORKERS, ("on", "outcome"),
         _("The matter is already resolved.")),
])

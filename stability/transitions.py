"""The risk matter's allowed moves and date rules, declared once (issue 14): the
services check them, the matter page offers them, the permissions read their roles."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from accounts.roles import CITY_ROLES, CLERK, LEADER
from core.transitions import DateRule, Move, TransitionTable
from stability.models import RiskMatter

S = RiskMatter.Status

# A contact or the resolution: not in the future, not before the matter was opened;
# a resolution not before the last contact that led to it either.
NOT_BEFORE = _("The date cannot be before %(day)s.")


def _last_contact_or_opened(matter: RiskMatter) -> date | None:
    last_contact = matter.contacts.order_by("-on").values_list("on", flat=True).first()
    return max(filter(None, [matter.opened_on, last_contact]), default=None)


AFTER_OPENED = DateRule[RiskMatter]("after_opened", lambda m: m.opened_on, NOT_BEFORE)
AFTER_LAST_CONTACT = DateRule[RiskMatter]("after_last_contact", _last_contact_or_opened,
                                          NOT_BEFORE)

# The unit's clerk and leader work their matters; the city roles every unit's.
WORKERS = (CLERK, LEADER, *sorted(CITY_ROLES))
OPEN = (S.OPEN, S.IN_PROGRESS)

MOVES = TransitionTable([
    # The first contact puts an open matter in progress.
    Move("log_contact", OPEN, S.IN_PROGRESS, WORKERS,
         ("on", "summary", "outcome", "next_step"),
         _("A resolved matter takes no more contacts."), AFTER_OPENED),
    Move("update_plan", OPEN, "", WORKERS, ("plan", "risk_level"),
         _("The plan of a resolved matter cannot change.")),
    Move("resolve", OPEN, S.RESOLVED, WORKERS, ("on", "outcome"),
         _("The matter is already resolved."), AFTER_LAST_CONTACT),
])

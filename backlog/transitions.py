"""The backlog case's allowed moves and date rules, declared once (issue 14).

The services check them, the case page lists them, the permissions read their roles,
and the Excel import applies the same deadline rule as the form and the API.
"""

from datetime import date

from django.utils.translation import gettext_lazy as _

from accounts.roles import ADMIN, CITY_OFFICER, CLERK, LEADER
from backlog.models import BacklogCase
from core.transitions import DateRule, Move, TransitionTable

S = BacklogCase.Status

# A progress report or a resolution: not in the future, not before the case was
# handed over (core.transitions.DateRule).
AFTER_ASSIGNED = DateRule[BacklogCase]("after_assigned", lambda case: case.assigned_on,
                                       _("The date cannot be before the case was assigned."))

# The city hands cases over, verifies and returns them (domain.md).
CITY = (CITY_OFFICER, ADMIN)
# The unit works the case: its leader in charge, with the clerk reporting.
UNIT = (CLERK, LEADER, CITY_OFFICER, ADMIN)
WORKING = (S.PLAN_SUBMITTED, S.IN_PROGRESS)

MOVES = TransitionTable([
    Move("submit_plan", (S.ASSIGNED,), S.PLAN_SUBMITTED, UNIT, ("plan",),
         _("A plan can be submitted only for a newly assigned case.")),
    Move("report_progress", WORKING, S.IN_PROGRESS, UNIT, ("on", "note"),
         _("Progress is reported after the plan and before resolution."), AFTER_ASSIGNED),
    Move("resolve", WORKING, S.RESOLVED, UNIT,
         ("on", "outcome_document", "satisfaction_signed", "outcome"),
         _("Only a case with a plan, not yet resolved, can be resolved."), AFTER_ASSIGNED),
    Move("verify", (S.RESOLVED,), S.VERIFIED, CITY, (),
         _("Only a resolved case can be verified.")),
    Move("reopen", (S.RESOLVED,), S.IN_PROGRESS, CITY, ("reason",),
         _("Only a resolved case can be returned.")),
])

# Actions that are not a move of an existing case's status.
OTHER_ACTION_ROLES = {"create": CITY, "import": CITY, "attach": UNIT}


def due_on_error(due_on: date, *, assigned_on: date) -> str | None:
    """The deadline rule of a new case, for the form, the API and the import alike."""
    if due_on <= assigned_on:
        return str(_("The deadline must fall after the day of assignment."))
    return None

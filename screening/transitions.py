"""The screening report's allowed moves, declared once (issue 14): the services check
them, the report page offers them, the permissions read their roles."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import ADMIN, CITY_OFFICER, CITY_ROLES, CLERK, LEADER, VILLAGE_CLERK
from core.transitions import Move, TransitionTable
from screening.models import ScreeningReport

S = ScreeningReport.Status

# Unit clerks and leaders file their unit's report; the city officer may enter a
# paper report on a unit's behalf; a village clerk files the village's report.
FILERS = (CLERK, LEADER, CITY_OFFICER, ADMIN, VILLAGE_CLERK)
# The city returns any report; a township's clerk or leader its villages' reports
# (the rule on the unit is screening.permissions.can_return's).
RETURNERS = (*sorted(CITY_ROLES), CLERK, LEADER)

MOVES = TransitionTable([
    Move("submit", (S.DRAFT, S.RETURNED), S.SUBMITTED, FILERS, (),
         _("This report has already been submitted.")),
    Move("return", (S.SUBMITTED,), S.RETURNED, RETURNERS, ("reason",),
         _("Only a submitted report can be returned.")),
])

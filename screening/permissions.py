"""Who may do what in screening (403 when not); views and templates share these."""

from accounts.models import OrgUnit
from accounts.roles import has_role, is_city_role
from screening.transitions import FILERS, MOVES


def can_file(user) -> bool:
    """Unit clerks and leaders file their unit's report; the city officer may enter
    a paper report on a unit's behalf."""
    return has_role(user, *FILERS)


def can_return(user, report=None) -> bool:
    """The city returns any report; a township's clerk or leader returns only its own
    villages' reports (villages file to their township, issue 20 item 5)."""
    if not has_role(user, *MOVES["return"].roles):
        return False
    if is_city_role(user):
        return True
    return (report is not None and report.org_unit.kind == OrgUnit.Kind.VILLAGE
            and user.org_unit_id is not None and report.org_unit.parent_id == user.org_unit_id)


def can_remind(user) -> bool:
    return is_city_role(user)

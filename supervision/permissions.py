"""Who may do what with supervision records (403 when not); scope (404) is in selectors."""

from accounts import roles
from accounts.roles import has_role
from supervision.transitions import MOVES, SUPERVISORS


def can_issue(user) -> bool:
    """Supervisors (and the city office) issue supervision orders."""
    return has_role(user, roles.SUPERVISOR, roles.CITY_OFFICER, roles.ADMIN)


def can_supervise(user) -> bool:
    """Close, escalate, publish notices, record accountability: the supervisor's work."""
    return has_role(user, *SUPERVISORS)


def can_respond(user, order) -> bool:
    """The clerk or leader of the unit the order is addressed to."""
    return (has_role(user, *MOVES["respond"].roles)
            and user.org_unit_id is not None and user.org_unit_id == order.org_unit_id)

"""Who may do what with joint meetings (403 when not); scope (404) is in selectors."""

from accounts import roles
from accounts.roles import has_role


def can_record(user) -> bool:
    """The city office (and its supervisors) keeps the joint meeting's minutes."""
    return has_role(user, roles.CITY_OFFICER, roles.SUPERVISOR, roles.ADMIN)


def can_make_order(user) -> bool:
    """A decision becomes a supervision order: whoever issues orders."""
    from supervision.permissions import can_issue

    return can_issue(user)


def can_make_backlog_case(user) -> bool:
    """A decision becomes a backlog case: the city office hands cases over."""
    return has_role(user, roles.CITY_OFFICER, roles.ADMIN)

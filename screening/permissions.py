"""Who may do what in screening (403 when not); views and templates share these."""

from accounts.roles import has_role, is_city_role
from screening.transitions import FILERS, MOVES


def can_file(user) -> bool:
    """Unit clerks and leaders file their unit's report; the city officer may enter
    a paper report on a unit's behalf."""
    return has_role(user, *FILERS)


def can_return(user) -> bool:
    return has_role(user, *MOVES["return"].roles)


def can_remind(user) -> bool:
    return is_city_role(user)

"""Who may do what to a petition (403 otherwise). Views, the API and templates
use these predicates; the services enforce them too.

Scope (404) is checked before: these assume the petition is visible to the user.
"""

from accounts.roles import ADMIN, CITY_OFFICER, CLERK, LEADER, has_role
from petitions.transitions import MOVES

# Seeing a full ID number: the people who handle the matter, not supervisors.
_REVEALERS = (CLERK, LEADER, CITY_OFFICER, ADMIN)

# The roles of each action, read from the transition table.
ACTION_ROLES = {move.action: move.roles for move in MOVES}


def can_register(user) -> bool:
    return has_role(user, CLERK, CITY_OFFICER, ADMIN)


def can_act(user, action: str, petition=None) -> bool:
    return has_role(user, *ACTION_ROLES.get(action, ()))


def can_override_termination(user) -> bool:
    """Accepting a matter closed after re-review, for new facts: the city office only."""
    return has_role(user, CITY_OFFICER)


def can_reveal_id(user, petition=None) -> bool:
    return has_role(user, *_REVEALERS)


def can_see_contact(user, petition=None) -> bool:
    """Full phone numbers and addresses: the roles that handle the case."""
    return has_role(user, *_REVEALERS)


def can_edit_petitioner(user) -> bool:
    """Changing a person's master record is the city's action, never a unit's."""
    return has_role(user, CITY_OFFICER, ADMIN)

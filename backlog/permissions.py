"""Who may do what to a backlog case (403 otherwise).

Scope (404) is checked first: these assume the case is visible to the user.
"""

from accounts.roles import has_role
from backlog.transitions import MOVES, OTHER_ACTION_ROLES

# The roles of each action, read from the transition table.
ACTION_ROLES = {**{move.action: move.roles for move in MOVES}, **OTHER_ACTION_ROLES}


def can_act(user, action: str) -> bool:
    return has_role(user, *ACTION_ROLES.get(action, ()))

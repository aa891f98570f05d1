"""Who may do what to a backlog case (403 otherwise).

Scope (404) is checked first: these assume the case is visible to the user.
"""

from accounts.roles import ADMIN, CITY_OFFICER, CLERK, LEADER, has_role

# The city hands cases over, verifies and returns them (domain.md).
_CITY = (CITY_OFFICER, ADMIN)
# The unit works the case: its leader in charge, with the clerk reporting.
_UNIT = (CLERK, LEADER, CITY_OFFICER, ADMIN)

ACTION_ROLES = {
    "create": _CITY,
    "submit_plan": _UNIT,
    "report_progress": _UNIT,
    "resolve": _UNIT,
    "attach": _UNIT,
    "verify": _CITY,
    "reopen": _CITY,
    "import": _CITY,
}


def can_act(user, action: str) -> bool:
    return has_role(user, *ACTION_ROLES.get(action, ()))

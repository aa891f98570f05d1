"""Who may do what to a petition (403 otherwise). Views, the API and templates
use these predicates; the services enforce them too.

Scope (404) is checked before: these assume the petition is visible to the user.
"""

from accounts.roles import ADMIN, CITY_OFFICER, CLERK, LEADER, has_role

# The office's decisions and the recording of petitioners' requests.
_HANDLERS = (CLERK, CITY_OFFICER, ADMIN)
# A written reply is drafted by the clerk and approved by the unit leader.
_REPLIERS = (CLERK, LEADER, CITY_OFFICER, ADMIN)
# Seeing a full ID number: the people who handle the matter, not supervisors.
_REVEALERS = (CLERK, LEADER, CITY_OFFICER, ADMIN)

ACTION_ROLES = {
    "accept": _HANDLERS,
    "decline": _HANDLERS,
    "forward": _HANDLERS,
    "assign": _HANDLERS,
    "extend": (LEADER,),  # domain.md: approved by the unit leader
    # The handling clerk asks, the unit leader approves or refuses (issue 18).
    "request_extension": _HANDLERS,
    "approve_extension": (LEADER,),
    "refuse_extension": (LEADER,),
    "reply": _REPLIERS,
    "request_review": _HANDLERS,
    "review_reply": _REPLIERS,
    "request_recheck": _HANDLERS,
    "recheck_reply": _REPLIERS,
    "record_hearing": _HANDLERS,
    "close": _HANDLERS,
    # The handling result goes back to the upper office (上级交办, issue 20).
    "feedback": (CLERK, LEADER, CITY_OFFICER, ADMIN),
}


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


def can_record_reception(user) -> bool:
    """Recording a leader's reception day: the unit's office or the city's."""
    return has_role(user, CLERK, LEADER, CITY_OFFICER, ADMIN)

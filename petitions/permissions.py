"""Who may do what to a petition (403 otherwise). Views, the API and templates
use these predicates; the services enforce them too.

Scope (404) is checked before: these assume the petition is visible to the user.
"""

from accounts.roles import ADMIN, CITY_OFFICER, CLERK, LEADER, has_role
from accounts.scoping import scope_path
from petitions.transitions import MOVES

# Seeing a full ID number: the people who handle the matter, not supervisors.
_REVEALERS = (CLERK, LEADER, CITY_OFFICER, ADMIN)

# The roles of each action, read from the transition table.
ACTION_ROLES = {move.action: move.roles for move in MOVES}


def can_register(user) -> bool:
    return has_role(user, CLERK, CITY_OFFICER, ADMIN)


def can_act(user, action: str, petition=None) -> bool:
    if action == "void":
        return can_void(user, petition)
    if not has_role(user, *ACTION_ROLES.get(action, ())):
        return False
    return petition is None or handles(user, petition)


def handles(user, petition) -> bool:
    """Whether the petition is the user's unit's to handle. A township told that its
    matter was registered at city level (matter_unit) sees the petition but acts on it
    only once it is assigned to it (issue 20, item 7)."""
    if not petition.matter_unit_id:
        return True  # visible means in scope through its responsible or handling unit
    prefix = scope_path(user)
    if prefix is None:
        return True
    units = [petition.org_unit] + ([petition.handling_unit] if petition.handling_unit_id else [])
    return any(u.path.startswith(prefix) for u in units)


def can_void(user, petition=None) -> bool:
    """Voiding a registration made by mistake (docs/decisions.md, issue 16).

    The city officer and the admin may void any petition not closed; the unit
    leader only one their unit (or a unit below it) registered and nobody has
    acted on yet (status registered). Without a petition: whether the role may
    void at all."""
    if has_role(user, CITY_OFFICER, ADMIN):
        return True
    if not has_role(user, LEADER):
        return False
    if petition is None:
        return True
    from accounts.scoping import unit_in_scope

    return petition.status == "registered" and unit_in_scope(user, petition.org_unit)


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

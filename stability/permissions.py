"""Who may act on risk matters. Views, the API and templates use the same predicates.

Clerks and leaders act on the matters of their own units; city roles on every
unit's. Scope is checked first by the selectors (out of scope is a 404), so
these predicates only answer "may this role act" (403).
"""

from accounts.roles import has_role
from accounts.scoping import unit_in_scope
from stability.transitions import WORKERS


def can_work_on_matters(user) -> bool:
    return has_role(user, *WORKERS)


def can_act(user, matter) -> bool:
    return can_work_on_matters(user) and unit_in_scope(user, matter.org_unit)


def can_create_in(user, unit) -> bool:
    return can_work_on_matters(user) and unit_in_scope(user, unit)

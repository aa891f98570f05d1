"""Roles are Django groups with permissions; this module names them.

A user's roles are read once per request (cached on the user object), so a page
that asks `is_city_role(user)` ten times costs one query.
"""

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # this module names the roles and loads before the models
    from accounts.models import AnyUser, User

CLERK = "clerk"
LEADER = "leader"
CITY_OFFICER = "city_officer"
SUPERVISOR = "supervisor"
ADMIN = "admin"
# A village's own role as an org unit (村信息员, issue 20 item 5): it files the village's
# monthly screening report of disputes to its township. Dispute information only: the
# role watches no person.
VILLAGE_CLERK = "village_clerk"

ROLE_LABELS = {
    CLERK: _("Clerk"),
    LEADER: _("Unit leader"),
    CITY_OFFICER: _("City officer"),
    SUPERVISOR: _("Supervisor"),
    ADMIN: _("Administrator"),
    VILLAGE_CLERK: _("Village clerk"),
}

# Roles that work for the whole city and so see every unit's records.
CITY_ROLES = frozenset({CITY_OFFICER, SUPERVISOR, ADMIN})

# Model permissions granted to each role's group (app_label.codename); apps add
# theirs in their own migrations or through `sync_role_permissions`.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    CLERK: ["accounts.view_orgunit"],
    LEADER: ["accounts.view_orgunit"],
    CITY_OFFICER: ["accounts.view_orgunit"],
    SUPERVISOR: ["accounts.view_orgunit"],
    ADMIN: ["accounts.view_orgunit", "accounts.add_orgunit", "accounts.change_orgunit",
            "accounts.view_user", "accounts.add_user", "accounts.change_user"],
    VILLAGE_CLERK: [],
}


def user_roles(user: "AnyUser") -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    cached = user._role_cache
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached |= {ADMIN}
        user._role_cache = cached
    return cached


def signed_in(user: "AnyUser") -> "User":
    """The user of a view that lets only the logged-in through (login_required,
    IsAuthenticated): typed as one, and refused (403) should it ever be no one."""
    if not user.is_authenticated:
        raise PermissionDenied
    return user


def has_role(user: "AnyUser", *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def is_city_role(user: "AnyUser") -> bool:
    return bool(user_roles(user) & CITY_ROLES)


def primary_role(user: "AnyUser") -> str | None:
    roles = user_roles(user)
    for role in (ADMIN, SUPERVISOR, CITY_OFFICER, LEADER, CLERK, VILLAGE_CLERK):
        if role in roles:
            return role
    return None


def is_village_clerk_only(user: "AnyUser") -> bool:
    """A village clerk with no other role: the screening module is all they use."""
    roles = user_roles(user)
    return VILLAGE_CLERK in roles and len(roles) == 1

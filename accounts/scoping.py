"""The one scoping rule of the system, used by every list, detail, export and API.

Clerks and leaders see their own unit and the units below it; city roles see
everything. A record outside the user's scope does not exist for them: a 404,
never a 403 (domain.md, Who uses it).
"""

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from accounts.models import AnyUser, OrgUnit
from accounts.roles import is_city_role
from core.errors import OutOfScope  # noqa: F401  (raised here, re-exported)

# Codes are capital letters and digits, so no path starts with this: a user
# without a unit sees no records.
NOTHING = "!"

M = TypeVar("M", bound=Model)


def scope_path(user: AnyUser) -> str | None:
    """The path prefix the user may see, or None for the whole city."""
    if is_city_role(user):
        return None
    if not user.is_authenticated or user.org_unit is None:
        return NOTHING
    return user.org_unit.path


def scoped(queryset: "QuerySet[M]", user: AnyUser, unit_field: str = "org_unit") -> "QuerySet[M]":
    """Filter `queryset` to the records whose `unit_field` lies in the user's scope."""
    prefix = scope_path(user)
    if prefix is None:
        return queryset
    lookup = f"{unit_field}__path__startswith" if unit_field else "path__startswith"
    return queryset.filter(**{lookup: prefix})


def not_found(queryset: "QuerySet[Any]", **lookup: Any) -> Http404:
    """The 404 to raise after a scoped lookup missed: OutOfScope if the record exists."""
    try:
        exists = queryset.model._base_manager.filter(**lookup).exists()
    except (ValueError, TypeError):
        exists = False
    if exists:
        return OutOfScope(queryset.model, next(iter(lookup.values()), ""))
    return Http404("Not found.")


def get_scoped_or_404(queryset: "QuerySet[M]", user: AnyUser, unit_field: str = "org_unit",
                      **lookup: Any) -> M:
    try:
        return scoped(queryset, user, unit_field).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise not_found(queryset, **lookup) from None


def units_for(user: AnyUser) -> "QuerySet[OrgUnit]":
    """The org units the user may see or choose."""
    return scoped(OrgUnit.objects.filter(is_active=True), user, unit_field="")


def unit_in_scope(user: AnyUser, unit: OrgUnit) -> bool:
    prefix = scope_path(user)
    return prefix is None or unit.path.startswith(prefix)


def units_matching(value: str, field: str = "org_unit") -> Q | None:
    """A filter on `<field>__path` for what a user typed as the unit (issue 19, item 2):
    a code ("T01", any case), else the units whose name contains it ("城关镇"),
    each with the units below it. None when nothing matches (the filter then
    finds nothing: the page says 0, with the unit named, not a silent code error)."""
    value = (value or "").strip()
    if not value:
        return None
    unit = OrgUnit.objects.filter(code=value.upper()).only("path").first()
    paths = [unit.path] if unit else list(
        OrgUnit.objects.filter(name__icontains=value).values_list("path", flat=True)[:20])
    if not paths:
        return None
    match = Q()
    for path in paths:
        match |= Q(**{f"{field}__path__startswith": path})
    return match

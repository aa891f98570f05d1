"""Reads for risk matters. Every read goes through the user's scope (404 outside it)."""

from django.db.models import Count, Max, Q

from accounts.scoping import get_scoped_or_404, scoped
from core.listing import choice_order, sorted_by
from screening.models import ScreeningItem
from stability.filters import MatterFilter
from stability.models import RiskLevel, RiskMatter


def matter_list_for(*, user, filters=None, units=None
                    ) -> tuple[MatterFilter, "QuerySet"]:  # noqa: F821
    """The filter form (bound to `filters`) and the matching matters, ready for a page."""
    base = scoped(RiskMatter.objects.all(), user)
    filterset = MatterFilter(filters or {}, queryset=base, units=units)
    queryset = filterset.qs if filterset.is_valid() else base.none()
    queryset = (queryset.select_related("org_unit", "leader")
                .annotate(contact_count=Count("contacts"), last_contact_on=Max("contacts__on"))
                .order_by("-opened_on", "-number"))
    queryset, _sort = sorted_by(queryset, (filters or {}).get("sort"), MATTER_SORTS)
    return filterset, queryset


# The register's sortable columns (issue 19, item 3).
MATTER_SORTS = {
    "number": ["number"],
    "title": ["title"],
    "unit": ["org_unit__path"],
    "category": ["category"],
    "risk": [choice_order("risk_level", RiskLevel.choices)],
    "status": [choice_order("status", RiskMatter.Status.choices)],
    "leader": ["leader__full_name"],
    "opened_on": ["opened_on"],
    "contacts": ["contact_count"],
    "last_contact": ["last_contact_on"],
}


def matter_get_for(*, user, pk) -> RiskMatter:
    matters = RiskMatter.objects.select_related("org_unit", "leader", "created_by",
                                                "screening_item__report__period", "petition")
    return get_scoped_or_404(matters, user, pk=pk)


def matter_timeline(matter: RiskMatter):
    return matter.events.select_related("actor").order_by("at", "id")


def matter_contacts(matter: RiskMatter):
    return matter.contacts.select_related("met_by").order_by("on", "id")


def matter_linked_petitions(matter: RiskMatter) -> list:
    """The collective petitions of the "during" phase (domain.md, three phases):
    the one the matter was raised from, with its headcount."""
    petition = matter.petition
    return [petition] if petition is not None and petition.is_collective else []


def matter_risk_grid_for(*, user) -> dict:
    """Open matters by unit and risk level, for the city view: one GROUP BY query."""
    rows = (scoped(RiskMatter.objects.filter(status__in=RiskMatter.OPEN_STATUSES), user)
            .values("org_unit__code", "org_unit__name", "org_unit__path")
            .annotate(**{level: Count("id", filter=Q(risk_level=level))
                         for level in RiskLevel.values},
                      total=Count("id"))
            .order_by("-high", "-medium", "org_unit__path"))
    rows = list(rows)
    totals = {level: sum(r[level] for r in rows) for level in [*RiskLevel.values, "total"]}
    return {"rows": rows, "totals": totals}


def screening_item_get_for(*, user, pk):
    """A screening item in the user's scope, or None."""
    items = ScreeningItem.objects.select_related("report__org_unit")
    return scoped(items, user, "report__org_unit").filter(pk=pk).first()

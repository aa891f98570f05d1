"""Reads: every list, detail, chart and export of backlog cases goes through here."""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import TruncMonth

from accounts.scoping import get_scoped_or_404, scoped, units_matching
from backlog.models import BacklogCase, BacklogEvent, Campaign
from core.listing import choice_order, sorted_by
from petitions.models import Petition
from petitions.selectors import petition_scope

DONE = ("resolved", "verified")


def case_base_qs() -> QuerySet:
    return BacklogCase.objects.select_related("campaign", "org_unit", "leader", "petition")


FILTER_KEYS = ("campaign", "status", "org_unit", "q", "number")


def case_filters_from(params, *, today: date | None = None) -> dict:
    """The list's filters from a query string (page, API and export share them)."""
    from core.dates import local_today

    filters = {k: (params.get(k) or "").strip() for k in FILTER_KEYS}
    if filters["campaign"] and not filters["campaign"].isdigit():
        filters["campaign"] = ""
    if (params.get("overdue") or "").lower() in ("1", "true", "on", "yes"):
        filters["overdue"] = today or local_today()
    return filters


def case_list_for(*, user, filters: dict | None = None) -> QuerySet:
    qs = scoped(case_base_qs(), user)
    filters = filters or {}
    if filters.get("campaign"):
        qs = qs.filter(campaign_id=filters["campaign"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("org_unit"):
        match = units_matching(filters["org_unit"], "org_unit")  # a code or a name
        qs = qs.filter(match) if match is not None else qs.none()
    if filters.get("overdue"):
        qs = qs.filter(status__in=BacklogCase.OPEN_STATUSES, due_on__lt=filters["overdue"])
    if filters.get("number"):
        qs = qs.filter(number__icontains=filters["number"])
    if filters.get("q"):
        qs = qs.filter(Q(title__icontains=filters["q"]) | Q(number__icontains=filters["q"]))
    return qs.order_by("due_on", "number")


# The list's sortable columns (issue 19, item 3).
CASE_SORTS = {
    "number": ["number"],
    "title": ["title"],
    "unit": ["org_unit__path"],
    "leader": ["leader__full_name"],
    "due": ["due_on"],
    "status": [choice_order("status", BacklogCase.Status.choices)],
    "petition": ["petition__number"],
}


def case_sorted(queryset: QuerySet, sort: str | None) -> tuple[QuerySet, str]:
    return sorted_by(queryset, sort, CASE_SORTS)


def case_get_for(*, user, pk) -> BacklogCase:
    return get_scoped_or_404(case_base_qs(), user, pk=pk)


def case_events(*, case: BacklogCase) -> QuerySet:
    return BacklogEvent.objects.filter(case=case).select_related("actor")


def campaign_list() -> QuerySet:
    return Campaign.objects.all()


def candidate_petitions_for(*, user, today: date) -> QuerySet:
    """Petitions that may become backlog cases: past their handling deadline while
    still open, or open since an earlier year; not already a case."""
    year_start = date(today.year, 1, 1)
    open_step = Q(status__in=Petition.OPEN_STEP_STATUSES, handling_due__lt=today)
    left_over = Q(received_on__lt=year_start) & ~Q(status__in=Petition.TERMINAL_STATUSES)
    taken = BacklogCase.objects.filter(petition=OuterRef("pk"))
    return (petition_scope(Petition.objects.select_related("org_unit"), user)
            .filter(open_step | left_over).exclude(Exists(taken))
            .order_by("received_on", "id"))


def _scoped_cases(user, campaign_id, within: str | None) -> QuerySet:
    """The user's cases, optionally of one campaign and within one unit path (dashboard filter)."""
    qs = scoped(BacklogCase.objects.all(), user)
    if campaign_id:
        qs = qs.filter(campaign_id=campaign_id)
    if within:
        qs = qs.filter(org_unit__path__startswith=within)
    return qs


def _rate(done: int, total: int) -> float:
    return round(done / total, 4) if total else 0.0


def backlog_stats(*, user, campaign_id=None, within: str | None = None) -> dict:
    """Totals and per-unit resolution, from one GROUP BY query.

    `resolved` counts cases whose resolution is done (resolved or verified);
    `verified` those the city has struck off; the rate is resolved / total.
    """
    qs = _scoped_cases(user, campaign_id, within)
    rows = list(qs.values("org_unit__code", "org_unit__name")
                .annotate(total=Count("id"), resolved=Count("id", filter=Q(status__in=DONE)),
                          verified=Count("id", filter=Q(status="verified")))
                .order_by("org_unit__code"))
    total = sum(r["total"] for r in rows)
    resolved = sum(r["resolved"] for r in rows)
    return {
        "total": total,
        "resolved": resolved,
        "verified": sum(r["verified"] for r in rows),
        "resolution_rate": _rate(resolved, total),
        "by_unit": [{"org_unit": r["org_unit__code"], "name": r["org_unit__name"],
                     "total": r["total"], "resolved": r["resolved"],
                     "verified": r["verified"], "resolution_rate": _rate(r["resolved"],
                                                                         r["total"])}
                    for r in rows],
    }


def monthly_flow(*, user, campaign_id=None, within: str | None = None) -> list[dict]:
    """Per month: new cases, resolved, verified, and the open stock at month end
    (控制增量、减少存量). One query (three GROUP BYs in a UNION ALL) whatever the data size."""
    qs = _scoped_cases(user, campaign_id, within)

    def per_month(field: str):
        return (qs.filter(**{f"{field}__isnull": False})
                .annotate(month=TruncMonth(field), kind=Value(field))
                .values("kind", "month").annotate(n=Count("id")).order_by())

    # One UNION ALL statement for the three dates (one round trip).
    counts: dict[str, dict] = {"assigned_on": {}, "resolved_on": {}, "verified_on": {}}
    union = per_month("assigned_on").union(per_month("resolved_on"), per_month("verified_on"),
                                           all=True)
    for row in union:
        counts[row["kind"]][_month_key(row["month"])] = row["n"]
    new, resolved, verified = (counts["assigned_on"], counts["resolved_on"],
                               counts["verified_on"])
    months = _month_range(set(new) | set(resolved) | set(verified))
    stock, out = 0, []
    for month in months:
        stock += new.get(month, 0) - verified.get(month, 0)
        out.append({"month": month, "new": new.get(month, 0),
                    "resolved": resolved.get(month, 0), "verified": verified.get(month, 0),
                    "stock": stock})
    return out


def _month_range(keys: set[str]) -> list[str]:
    """Every month from the first to the last key, so quiet months show as zero."""
    if not keys:
        return []
    year, month = map(int, min(keys).split("-"))
    last, out = max(keys), []
    while (key := f"{year:04d}-{month:02d}") <= last:
        out.append(key)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _month_key(value) -> str:
    return value.strftime("%Y-%m")

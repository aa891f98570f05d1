"""Reads for supervision: every query goes through the user's scope."""

from datetime import date

from django.db.models import Case, F, OuterRef, QuerySet, Subquery, When

from accounts.scoping import get_scoped_or_404, scoped, units_matching
from backlog.models import BacklogCase
from core.listing import choice_order, sorted_by
from stability.models import RiskMatter
from supervision.models import (
    AccountabilityRecord,
    AssessmentScore,
    Notice,
    SupervisionOrder,
)
from workdays.services import due_soon_limit


def with_target_number(orders: QuerySet) -> QuerySet:
    """Annotate `target_no`: the target's own number (XF-…, JA-…, MD-…), in the same query."""
    def number_of(model):
        return Subquery(model.objects.filter(pk=OuterRef("target_id")).values("number")[:1])
    return orders.annotate(target_no=Case(
        When(target_type=SupervisionOrder.TargetType.PETITION, then=F("petition__number")),
        When(target_type=SupervisionOrder.TargetType.BACKLOG_CASE,
             then=number_of(BacklogCase)),
        When(target_type=SupervisionOrder.TargetType.STABILITY_MATTER,
             then=number_of(RiskMatter)),
        default=None))


def order_list_for(*, user, filters: dict | None = None, today: date | None = None) -> QuerySet:
    """Orders addressed to the user's units (all of them for city roles)."""
    filters = filters or {}
    orders = with_target_number(scoped(
        SupervisionOrder.objects.select_related("org_unit", "issued_by", "petition"), user))
    if filters.get("status"):
        orders = orders.filter(status=filters["status"])
    if filters.get("level"):
        orders = orders.filter(level=filters["level"])
    if filters.get("org_unit"):
        match = units_matching(filters["org_unit"], "org_unit")  # a code or a name
        orders = orders.filter(match) if match is not None else orders.none()
    if filters.get("target_type"):
        orders = orders.filter(target_type=filters["target_type"])
    view = filters.get("view")
    if view and today:
        if view == "overdue":
            orders = orders.filter(status=SupervisionOrder.Status.OPEN, due_on__lt=today)
        elif view == "escalated":  # the city's to-do: escalated and not yet closed
            orders = orders.exclude(escalation=SupervisionOrder.Escalation.NONE).exclude(
                status=SupervisionOrder.Status.CLOSED)
        elif view == "due_soon":
            orders = orders.filter(status=SupervisionOrder.Status.OPEN, due_on__gte=today,
                                   due_on__lte=due_soon_limit(today))
    return orders


# The orders list's sortable columns (issue 19, item 3).
ORDER_SORTS = {
    "number": ["number"],
    "unit": ["org_unit__path"],
    "matter": ["target_label"],
    "level": [choice_order("level", SupervisionOrder.Level.choices)],
    "due": ["due_on"],
    "status": [choice_order("status", SupervisionOrder.Status.choices)],
    "escalation": [choice_order("escalation", SupervisionOrder.Escalation.choices)],
}


def order_sorted(queryset: QuerySet, sort: str | None) -> tuple[QuerySet, str]:
    return sorted_by(queryset, sort, ORDER_SORTS)


def order_get_for(*, user, pk) -> SupervisionOrder:
    return get_scoped_or_404(with_target_number(
        SupervisionOrder.objects.select_related("org_unit", "issued_by", "responded_by",
                                                "petition")), user, pk=pk)


def notice_list_for(*, user) -> QuerySet:
    return scoped(Notice.objects.select_related("org_unit", "published_by"), user)


def notice_get_for(*, user, pk) -> Notice:
    return get_scoped_or_404(Notice.objects.select_related("org_unit", "published_by"),
                             user, pk=pk)


def accountability_list_for(*, user) -> QuerySet:
    return scoped(AccountabilityRecord.objects.select_related("org_unit", "notice", "order"),
                  user)


def ranking_for(*, user, year: int, period_kind: str = "month", period: int = 0) -> QuerySet:
    """The ranking of one period: city roles see every unit, a unit its own row
    (with its rank among all units)."""
    scores = AssessmentScore.objects.filter(period_kind=period_kind, year=year, period=period)
    return scoped(scores.select_related("org_unit"), user).order_by("rank", "org_unit__code")


def deductions_in_words(deductions: list[dict]) -> list[dict]:
    """An assessment's deductions as people read them: the rule's name, the
    record in words with its number and a link, the date in words (two queries
    plus one per kind of record, whatever the count)."""
    from django.utils.translation import gettext as _

    from core.references import parse_ref, resolve_refs
    from supervision.models import AssessmentRule

    names = dict(AssessmentRule.objects.filter(code__in={d["rule"] for d in deductions})
                 .values_list("code", "label"))
    pairs = {p for p in (parse_ref(d.get("ref", "")) for d in deductions) if p}
    refs = resolve_refs(pairs)
    rows = []
    for d in deductions:
        pair = parse_ref(d.get("ref", ""))
        label = d.get("label") or ""
        if label.startswith("due "):  # the alert rules: the day the step fell due
            label = _("due %(day)s") % {"day": label[4:]}
        elif pair and pair[0] == "petition":
            label = ""  # the petition's number is the reference itself
        rows.append({"on": d.get("on", ""), "points": d.get("points"),
                     "rule": names.get(d["rule"]) or _("Other deduction"),
                     "ref": refs.get(pair) if pair else None, "label": label})
    return rows


def targets_by_number(*, user, q: str, limit: int = 10) -> list[dict]:
    """Records an order may be about, in the user's scope, whose own number starts
    with `q` (at least 4 characters): petitions, backlog cases, risk matters."""
    from petitions.models import Petition
    from petitions.selectors import petition_scope

    q = (q or "").strip().upper()
    if len(q) < 4:
        return []
    kinds = [
        (SupervisionOrder.TargetType.PETITION,
         petition_scope(Petition.objects.select_related("org_unit"), user),
         Petition.TERMINAL_STATUSES),
        (SupervisionOrder.TargetType.BACKLOG_CASE,
         scoped(BacklogCase.objects.select_related("org_unit"), user), ("verified",)),
        (SupervisionOrder.TargetType.STABILITY_MATTER,
         scoped(RiskMatter.objects.select_related("org_unit"), user), ("resolved",)),
    ]
    rows: list[dict] = []
    for kind, queryset, closed in kinds:
        if len(rows) >= limit:
            break
        for record in queryset.filter(number__startswith=q).order_by("number")[:limit - len(rows)]:
            rows.append({"number": record.number, "target_type": kind, "title": record.title,
                         "org_unit": record.org_unit.code,
                         "status": record.get_status_display(),
                         "closed": record.status in closed})
    return rows

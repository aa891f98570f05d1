"""Reads for supervision: every query goes through the user's scope."""

from datetime import date

from django.db.models import QuerySet

from accounts.models import OrgUnit
from accounts.scoping import get_scoped_or_404, scoped
from supervision.models import (
    AccountabilityRecord,
    Alert,
    AssessmentScore,
    Notice,
    Notification,
    SupervisionOrder,
)
from workdays.services import due_soon_limit


def order_list_for(*, user, filters: dict | None = None, today: date | None = None) -> QuerySet:
    """Orders addressed to the user's units (all of them for city roles)."""
    filters = filters or {}
    orders = scoped(SupervisionOrder.objects.select_related("org_unit", "issued_by", "petition"), user)
    if filters.get("status"):
        orders = orders.filter(status=filters["status"])
    if filters.get("level"):
        orders = orders.filter(level=filters["level"])
    if filters.get("org_unit"):
        orders = orders.filter(org_unit__path__startswith=_unit_path(filters["org_unit"]))
    if filters.get("target_type"):
        orders = orders.filter(target_type=filters["target_type"])
    view = filters.get("view")
    if view and today:
        if view == "overdue":
            orders = orders.filter(status=SupervisionOrder.Status.OPEN, due_on__lt=today)
        elif view == "due_soon":
            orders = orders.filter(status=SupervisionOrder.Status.OPEN, due_on__gte=today,
                                   due_on__lte=due_soon_limit(today))
    return orders


def _unit_path(code: str) -> str:
    unit = OrgUnit.objects.filter(code=code).only("path").first()
    return unit.path if unit else "!"


def order_get_for(*, user, pk) -> SupervisionOrder:
    return get_scoped_or_404(
        SupervisionOrder.objects.select_related("org_unit", "issued_by", "responded_by",
                                                "petition"), user, pk=pk)


def notice_list_for(*, user) -> QuerySet:
    return scoped(Notice.objects.select_related("org_unit", "published_by"), user)


def notice_get_for(*, user, pk) -> Notice:
    return get_scoped_or_404(Notice.objects.select_related("org_unit", "published_by"),
                             user, pk=pk)


def accountability_list_for(*, user) -> QuerySet:
    return scoped(AccountabilityRecord.objects.select_related("org_unit", "notice", "order"),
                  user)


def alert_list_for(*, user, kind: str = "", org_unit: str = "", open: str = "") -> QuerySet:
    alerts = scoped(Alert.objects.select_related("org_unit"), user)
    if kind:
        alerts = alerts.filter(kind=kind)
    if org_unit:
        alerts = alerts.filter(org_unit__path__startswith=_unit_path(org_unit))
    if open in ("true", "1"):
        alerts = alerts.filter(cleared_on__isnull=True)
    elif open in ("false", "0"):
        alerts = alerts.filter(cleared_on__isnull=False)
    return alerts


def ranking_for(*, user, year: int, period_kind: str = "month", period: int = 0) -> QuerySet:
    """The ranking of one period: city roles see every unit, a unit its own row
    (with its rank among all units)."""
    scores = AssessmentScore.objects.filter(period_kind=period_kind, year=year, period=period)
    return scoped(scores.select_related("org_unit"), user).order_by("rank", "org_unit__code")


def notifications_for(*, user) -> QuerySet:
    """The user's own notifications and those to their unit."""
    from django.db.models import Q
    if not user.is_authenticated:
        return Notification.objects.none()
    query = Q(user=user)
    if user.org_unit_id:
        query |= Q(org_unit_id=user.org_unit_id, user__isnull=True)
    return Notification.objects.filter(query)

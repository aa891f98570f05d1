"""What a user may read of the alerts and notifications."""

from django.db.models import Q, QuerySet

from accounts.models import OrgUnit
from accounts.scoping import scoped
from alerts.models import Alert, Notification


def alert_list_for(*, user, kind: str = "", org_unit: str = "", open: str = "") -> QuerySet:
    alerts = scoped(Alert.objects.select_related("org_unit"), user)
    if kind:
        alerts = alerts.filter(kind=kind)
    if org_unit:
        unit = OrgUnit.objects.filter(code=org_unit).only("path").first()
        alerts = alerts.filter(org_unit__path__startswith=unit.path if unit else "!")
    if open in ("true", "1"):
        alerts = alerts.filter(cleared_on__isnull=True)
    elif open in ("false", "0"):
        alerts = alerts.filter(cleared_on__isnull=False)
    return alerts


def notifications_for(*, user) -> QuerySet:
    """The user's own notifications and those to their unit."""
    if not user.is_authenticated:
        return Notification.objects.none()
    query = Q(user=user)
    if user.org_unit_id:
        query |= Q(org_unit_id=user.org_unit_id, user__isnull=True)
    return Notification.objects.filter(query)


def with_refs(alerts) -> list:
    """The alerts with `ref`, their record in words and linked (one query per kind)."""
    from core.references import resolve_refs

    alerts = list(alerts)
    refs = resolve_refs((a.target_type, a.target_id) for a in alerts)
    for a in alerts:
        a.ref = refs[(a.target_type, a.target_id)]
    return alerts

"""Supervision's periodic jobs: set-based and idempotent (core/jobs.py)."""

from collections import Counter, defaultdict
from datetime import date

from django.db import connection, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from accounts.models import OrgUnit
from core import jobs
from petitions.models import Petition
from supervision.assessment import _reporting_unit_path, assessment_recompute
from supervision.models import Alert, Notification, SupervisionOrder
from workdays.services import due_soon_limit, is_rest_day

# One statement whatever the count; the alert's unique key makes a rerun a no-op.
# (INSERT .. SELECT .. WHERE .. ON CONFLICT DO NOTHING RETURNING works on
# PostgreSQL and SQLite >= 3.35 alike.)
_FLAG_ORDERS_SQL = f"""
INSERT INTO {Alert._meta.db_table} (kind, target_type, target_id, org_unit_id, due_on, raised_on)
SELECT %s, %s, o.id, o.org_unit_id, o.due_on, %s
  FROM {SupervisionOrder._meta.db_table} o
 WHERE o.status = %s AND o.due_on < %s
ON CONFLICT DO NOTHING
RETURNING target_id
"""


@jobs.register("flag_overdue")
@transaction.atomic
def flag_overdue_orders(*, as_of: date) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(_FLAG_ORDERS_SQL, [
            Alert.Kind.SUPERVISION_OVERDUE, Alert.TargetType.SUPERVISION_ORDER, as_of,
            SupervisionOrder.Status.OPEN, as_of])
        raised = sorted(row[0] for row in cursor.fetchall())
    # Clear the alerts whose order is no longer open and overdue (responded,
    # closed, or given a later due date).
    still_overdue = SupervisionOrder.objects.filter(
        status=SupervisionOrder.Status.OPEN, due_on__lt=as_of).values("pk")
    Alert.objects.filter(kind=Alert.Kind.SUPERVISION_OVERDUE, cleared_on__isnull=True).exclude(
        target_id__in=still_overdue).update(cleared_on=as_of)
    return [f"supervision_overdue: order {pk}" for pk in raised]


@jobs.register("recompute_assessment")
def recompute_assessment(*, as_of: date) -> list[str]:
    return assessment_recompute(as_of=as_of)


@jobs.register("send_reminders")
@transaction.atomic
def send_digests(*, as_of: date) -> list[str]:
    """One digest a working day for each reporting unit with open alerts or
    orders due soon. Rest days send nothing; the unique (unit, day) key makes
    a rerun a no-op."""
    if is_rest_day(as_of):
        return []
    units = {u.path: u for u in OrgUnit.objects.filter(kind__in=OrgUnit.REPORTING_KINDS,
                                                        is_active=True)}
    alerts: dict[str, Counter] = defaultdict(Counter)
    for path, kind, count in (Alert.objects.filter(cleared_on__isnull=True)
                              .values_list("org_unit__path", "kind")
                              .annotate(n=Count("id")).order_by()):
        alerts[_reporting_unit_path(path)][kind] += count
    limit = due_soon_limit(as_of)
    due_soon: Counter = Counter()
    for path, count in (SupervisionOrder.objects.filter(
            status=SupervisionOrder.Status.OPEN, due_on__gte=as_of, due_on__lte=limit)
            .values_list("org_unit__path").annotate(n=Count("id")).order_by()):
        due_soon[_reporting_unit_path(path)] += count
    # Petition steps due within 3 working days (domain.md, Due soon): one line
    # in the same digest, never one message per case.
    steps_due: Counter = Counter()
    for path, count in (Petition.objects.filter(current_due__gte=as_of, current_due__lte=limit)
                        .values_list("org_unit__path").annotate(n=Count("id")).order_by()):
        steps_due[_reporting_unit_path(path)] += count
    already = set(Notification.objects.filter(kind=Notification.Kind.DIGEST, day=as_of)
                  .values_list("org_unit_id", flat=True))
    labels = dict(Alert.Kind.choices)
    digests = []
    for path, unit in units.items():
        if unit.pk in already or not (alerts.get(path) or due_soon.get(path)
                                      or steps_due.get(path)):
            continue
        parts = [f"{labels[kind]} {n}" for kind, n in sorted(alerts.get(path, {}).items())]
        if steps_due.get(path):
            parts.append(_("petition steps due soon %(n)d") % {"n": steps_due[path]})
        if due_soon.get(path):
            parts.append(_("supervision orders due soon %(n)d") % {"n": due_soon[path]})
        digests.append(Notification(org_unit=unit, kind=Notification.Kind.DIGEST, day=as_of,
                                    text=_("Today's reminders: ") + "; ".join(parts),
                                    link="/supervision/alerts/"))
    Notification.objects.bulk_create(digests, ignore_conflicts=True)
    return [f"digest: {d.org_unit.code}" for d in digests]

"""Supervision's periodic jobs: set-based and idempotent (core/jobs.py)."""

from datetime import date

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy

from alerts.digests import digest_line
from alerts.models import Alert
from alerts.services import clear_done, raise_overdue
from core import jobs
from supervision.assessment import assessment_recompute
from supervision.models import SupervisionOrder


@jobs.register("flag_overdue")
@transaction.atomic
def flag_overdue_orders(*, as_of: date) -> list[str]:
    overdue = SupervisionOrder.objects.filter(status=SupervisionOrder.Status.OPEN,
                                              due_on__lt=as_of)
    raised = raise_overdue(kind=Alert.Kind.SUPERVISION_OVERDUE,
                           target_type=Alert.TargetType.SUPERVISION_ORDER,
                           late=overdue.values_list("id", "org_unit_id", "due_on"), as_of=as_of)
    # Clear the alerts whose order is no longer open and overdue (responded,
    # closed, or given a later due date).
    clear_done(kind=Alert.Kind.SUPERVISION_OVERDUE,
               done=~Q(target_id__in=overdue.values("pk")), as_of=as_of)
    return [f"supervision_overdue: order {pk}" for pk in sorted(row[0] for row in raised)]


@jobs.register("recompute_assessment")
def recompute_assessment(*, as_of: date) -> list[str]:
    lines = []
    if as_of.month == 1:
        # December's duties are found in early January: last year's scores too.
        lines = assessment_recompute(as_of=date(as_of.year - 1, 12, 31))
    return lines + assessment_recompute(as_of=as_of)


@digest_line(gettext_lazy("supervision orders due soon %(n)d"))
def orders_due_soon(as_of: date, limit: date):
    return (SupervisionOrder.objects.filter(status=SupervisionOrder.Status.OPEN,
                                            due_on__gte=as_of, due_on__lte=limit)
            .values_list("org_unit__path").annotate(n=Count("id")).order_by())

"""The daily digest: one notification a working day for each unit with news."""

from collections import Counter, defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from accounts.models import OrgUnit
from alerts.digests import digest_lines, reporting_unit_path
from alerts.models import Alert, Notification
from core import jobs
from workdays.services import due_soon_limit, is_rest_day


@jobs.register("send_reminders")
@transaction.atomic
def send_digests(*, as_of: date) -> list[str]:
    """One digest a working day for each reporting unit with open alerts or
    records due soon (the modules' digest lines). Rest days send nothing; the
    unique (unit, day) key makes a rerun a no-op."""
    if is_rest_day(as_of):
        return []
    units = {u.path: u for u in OrgUnit.objects.filter(kind__in=OrgUnit.REPORTING_KINDS,
                                                        is_active=True)}
    alerts: dict[str, Counter] = defaultdict(Counter)
    for path, kind, count in (Alert.objects.filter(cleared_on__isnull=True)
                              .values_list("org_unit__path", "kind")
                              .annotate(n=Count("id")).order_by()):
        alerts[reporting_unit_path(path)][kind] += count
    limit = due_soon_limit(as_of)
    extra: list[tuple[str, Counter]] = []
    for text, count_due in digest_lines():
        counts: Counter = Counter()
        for path, count in count_due(as_of, limit):
            counts[reporting_unit_path(path)] += count
        extra.append((str(text), counts))
    already = set(Notification.objects.filter(kind=Notification.Kind.DIGEST, day=as_of)
                  .values_list("org_unit_id", flat=True))
    labels = dict(Alert.Kind.choices)
    digests = []
    for path, unit in units.items():
        parts = [f"{labels[kind]} {n}" for kind, n in sorted(alerts.get(path, {}).items())]
        parts += [text % {"n": counts[path]} for text, counts in extra if counts.get(path)]
        if unit.pk in already or not parts:
            continue
        digests.append(Notification(org_unit=unit, kind=Notification.Kind.DIGEST, day=as_of,
                                    text=_("Today's reminders: ") + "; ".join(parts),
                                    link="/supervision/alerts/"))
    Notification.objects.bulk_create(digests, ignore_conflicts=True)
    return [f"digest: {d.org_unit.code}" for d in digests]

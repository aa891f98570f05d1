"""Periodic jobs of the screening module (api.md, runjobs). Set-based and idempotent."""

from datetime import date

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from accounts.models import OrgUnit, User
from accounts.roles import VILLAGE_CLERK
from alerts.models import Alert
from alerts.services import clear_done, raise_overdue
from core.jobs import register
from screening.models import ScreeningPeriod, ScreeningReport, ScreeningSettings
from screening.services import (
    screening_periods_ensure_ahead,
    screening_reminders_send,
)
from workdays.services import add_working_days

# One statement for every past-due period and every expected unit (was a loop of
# two queries per period: 228 ms for 60 months, see docs/performance.md). A unit
# already flagged for a period is skipped, and the unique key makes a race a no-op.
# A village is expected once it has an active village clerk set up before the period's
# due date (screening/villages.py says the same in Python); its alert goes to the village.
# The clerks' start dates are grouped once (a derived table), not probed per period and
# village: with 330 villages (33 with a clerk) x 60 periods a correlated EXISTS took
# 1,278 ms (20,130 probes), the derived table 26 ms (EXPLAIN ANALYZE, PostgreSQL 2 cores).
_USER = User._meta.db_table
_USER_GROUPS = User.groups.through._meta.db_table
_MISSING_SQL = f"""
SELECT p.id, u.id, p.due_on
  FROM {ScreeningPeriod._meta.db_table} p
 CROSS JOIN {OrgUnit._meta.db_table} u
  LEFT JOIN (SELECT c.org_unit_id AS unit_id, MIN(c.date_joined) AS since
               FROM {_USER} c
               JOIN {_USER_GROUPS} ug ON ug.user_id = c.id
               JOIN {Group._meta.db_table} g ON g.id = ug.group_id
              WHERE g.name = %s AND c.is_active
              GROUP BY c.org_unit_id) vc ON vc.unit_id = u.id
 WHERE p.due_on < %s
   AND u.is_active
   AND (u.kind IN ('township', 'department')
        OR (u.kind = 'village' AND vc.since < p.due_on))
   AND NOT EXISTS (SELECT 1 FROM {ScreeningReport._meta.db_table} r
                    WHERE r.period_id = p.id AND r.org_unit_id = u.id
                      AND r.first_submitted_at IS NOT NULL)
   AND NOT EXISTS (SELECT 1 FROM {Alert._meta.db_table} a
                    WHERE a.kind = 'report_missing' AND a.target_type = 'screening_period'
                      AND a.target_id = p.id AND a.org_unit_id = u.id)
"""


@register("flag_missing_reports")
def flag_missing_reports(*, as_of: date) -> list[str]:
    """One `report_missing` alert per unit and period past its due date (villages with
    a clerk included: the alert reminds the village, and its township sees the count);
    cleared once the report arrives. Set-based: one INSERT ... SELECT and one UPDATE."""
    assert set(OrgUnit.REPORTING_KINDS) == {"township", "department"}
    screening_periods_ensure_ahead(as_of=as_of)
    raised = [(period_id, unit_id) for period_id, unit_id, _due in raise_overdue(
        kind=Alert.Kind.REPORT_MISSING, target_type=Alert.TargetType.SCREENING_PERIOD,
        late=(_MISSING_SQL, [VILLAGE_CLERK, as_of]), as_of=as_of)]
    lines = []
    if raised:
        periods = {p.pk: p for p in ScreeningPeriod.objects.filter(
            pk__in={period_id for period_id, _u in raised})}
        codes = dict(OrgUnit.objects.filter(pk__in={u for _p, u in raised})
                     .values_list("pk", "code"))
        keyed = sorted(((periods[p].year, periods[p].month, codes[u]), periods[p].label)
                       for p, u in raised)
        lines = [f"report_missing {label} {key[2]}" for key, label in keyed]
    # Reports that arrived without passing through the service (imports, admin).
    arrived = ScreeningReport.objects.filter(period_id=OuterRef("target_id"),
                                             org_unit_id=OuterRef("org_unit_id"),
                                             first_submitted_at__isnull=False)
    # (a report_missing alert always targets a screening period)
    clear_done(kind=Alert.Kind.REPORT_MISSING, done=Exists(arrived), as_of=as_of)
    return lines


@register("send_reminders")
def send_reminders(*, as_of: date) -> list[str]:
    """Remind the units that have not filed, from N working days before the due
    date up to it (N = the admin's setting, 3 by default). Once per unit and period."""
    screening_periods_ensure_ahead(as_of=as_of)
    lead = ScreeningSettings.current().reminder_working_days
    lines = []
    for period in ScreeningPeriod.objects.filter(opens_on__lte=as_of, due_on__gte=as_of):
        # Due within `lead` working days of today (holidays skipped, make-up days counted).
        if add_working_days(as_of, lead) < period.due_on:
            continue
        for unit in screening_reminders_send(period=period, on=as_of, only_first=True):
            lines.append(f"reminder {period.label} {unit.code} due {period.due_on}")
    return lines

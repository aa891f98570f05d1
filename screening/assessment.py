"""What screening contributes to the unit assessment (supervision.assessment).

- `report_late`: each report first filed after its period's due date costs the
  rule's points; `report_missing`: each report still not filed. Both are dated on
  the period's due date, and a late report replaces the missing deduction.
- "reported beforehand": a level-skipping petition costs nothing when the
  unit's screening had already raised the matter: an item of the same
  category in a report the unit filed before the petition was received, for
  that month or the two before it (docs/decisions.md, Screening). A village's items
  count for its township here: the matter was screened, bottom-up.
- Villages' own reports (issue 20, item 5) are not in the assessment: their township is
  assessed on its own report, which names the villages missing.
"""

from datetime import date

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from accounts.models import OrgUnit
from alerts.models import Alert
from screening.models import ScreeningItem, ScreeningPeriod, ScreeningReport
from supervision.assessment import _reporting_unit_path, reported_beforehand_hook, source

LOOKBACK_MONTHS = 3


@source("report_late")
def late_reports(start: date, end: date):
    """Each report first filed after its period's due date, dated on that due date
    (the deduction belongs to the period in which the duty fell due)."""
    reports = (ScreeningReport.objects.filter(late=True, first_submitted_at__isnull=False,
                                              org_unit__kind__in=OrgUnit.REPORTING_KINDS,
                                              period__due_on__gte=start,
                                              period__due_on__lte=end)
               .values_list("org_unit__path", "period__due_on", "pk",
                            "period__year", "period__month"))
    for path, due_on, pk, year, month in reports.iterator():
        yield path, due_on, f"screening_report:{pk}", f"{year}-{month:02d}"


@source("report_missing")
def missing_reports(start: date, end: date):
    """Each unit and period flagged missing (the flag_missing_reports job) whose
    report has still not been filed, dated on the period's due date. A report
    filed after its alert costs `report_late` instead, never both: late costs
    less than missing, so filing late still pays."""
    filed = ScreeningReport.objects.filter(period_id=OuterRef("target_id"),
                                           org_unit_id=OuterRef("org_unit_id"),
                                           first_submitted_at__isnull=False)
    alerts = (Alert.objects.filter(kind=Alert.Kind.REPORT_MISSING,
                                   target_type=Alert.TargetType.SCREENING_PERIOD,
                                   due_on__gte=start, due_on__lte=end,
                                   org_unit__kind__in=OrgUnit.REPORTING_KINDS)
              .filter(~Exists(filed))
              .annotate(year=Subquery(ScreeningPeriod.objects.filter(pk=OuterRef("target_id"))
                                      .values("year")[:1]),
                        month=Subquery(ScreeningPeriod.objects.filter(pk=OuterRef("target_id"))
                                       .values("month")[:1]))
              .values_list("org_unit__path", "due_on", "target_id", "year", "month"))
    for path, due_on, period_id, year, month in alerts.iterator():
        label = f"{year}-{month:02d}" if year else due_on.isoformat()
        yield path, due_on, f"screening_period:{period_id}", label


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


@reported_beforehand_hook
def screened_before(petitions: list[tuple[int, str, str, date]]) -> set[int]:
    """The level-skipping petitions (id, org unit path, category, received_on) whose
    matter the unit screened in the LOOKBACK_MONTHS before, filed before the receipt."""
    if not petitions:
        return set()
    earliest = min(p[3] for p in petitions)
    first_year = (_month_index(earliest) - (LOOKBACK_MONTHS - 1)) // 12
    items = (ScreeningItem.objects
             .filter(report__first_submitted_at__isnull=False,
                     report__period__year__gte=first_year)
             .values_list("report__org_unit__path", "category", "report__period__year",
                          "report__period__month", "report__first_submitted_at"))
    # (reporting unit, category, period month index) -> the earliest filing that
    # screened it: "some filing in the window before the receipt" is "the earliest
    # filing of some month in the window is before the receipt" (issue 21: three
    # dictionary lookups a petition, not a walk over every item of the unit).
    earliest_filed: dict[tuple[str, str, int], date] = {}
    units: dict[str, str] = {}
    for path, category, year, month, filed in items.iterator():
        unit = units.get(path) or units.setdefault(path, _reporting_unit_path(path))
        key = (unit, category, year * 12 + month - 1)
        day = timezone.localdate(filed)
        if key not in earliest_filed or day < earliest_filed[key]:
            earliest_filed[key] = day
    excused = set()
    for pk, path, category, received_on in petitions:
        unit = units.get(path) or units.setdefault(path, _reporting_unit_path(path))
        last = _month_index(received_on)
        for index in range(last - (LOOKBACK_MONTHS - 1), last + 1):
            filed_on = earliest_filed.get((unit, category, index))
            if filed_on is not None and filed_on < received_on:
                excused.add(pk)
                break
    return excused

"""What screening contributes to the unit assessment (supervision.assessment).

- `report_late`: each report first filed after its period's due date costs the
  rule's points, dated on the day it was filed.
- "reported beforehand": a level-skipping petition costs nothing when the
  unit's screening had already raised the matter: an item of the same
  category in a report the unit filed before the petition was received, for
  that month or the two before it (docs/decisions.md, Screening).
"""

from collections import defaultdict
from datetime import date

from django.utils import timezone

from screening.models import ScreeningItem, ScreeningReport
from supervision.assessment import _reporting_unit_path, reported_beforehand_hook, source

LOOKBACK_MONTHS = 3


@source("report_late")
def late_reports(start: date, end: date):
    reports = (ScreeningReport.objects.filter(late=True, first_submitted_at__isnull=False,
                                              first_submitted_at__date__gte=start,
                                              first_submitted_at__date__lte=end)
               .values_list("org_unit__path", "first_submitted_at", "pk",
                            "period__year", "period__month"))
    for path, submitted, pk, year, month in reports.iterator():
        yield (path, timezone.localdate(submitted), f"screening_report:{pk}",
               f"{year}-{month:02d}")


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


@reported_beforehand_hook
def screened_before(petition_ids: list[int]) -> set[int]:
    from petitions.models import Petition

    petitions = list(Petition.objects.filter(pk__in=petition_ids)
                     .values_list("pk", "org_unit__path", "category", "received_on"))
    if not petitions:
        return set()
    earliest = min(p[3] for p in petitions)
    first_year = (_month_index(earliest) - (LOOKBACK_MONTHS - 1)) // 12
    items = (ScreeningItem.objects
             .filter(report__first_submitted_at__isnull=False,
                     report__period__year__gte=first_year)
             .values_list("report__org_unit__path", "category", "report__period__year",
                          "report__period__month", "report__first_submitted_at"))
    # (reporting unit, category) -> [(period month index, filed on)]
    screened = defaultdict(list)
    for path, category, year, month, filed in items.iterator():
        screened[(_reporting_unit_path(path), category)].append(
            (year * 12 + month - 1, timezone.localdate(filed)))
    excused = set()
    for pk, path, category, received_on in petitions:
        window = range(_month_index(received_on) - (LOOKBACK_MONTHS - 1),
                       _month_index(received_on) + 1)
        if any(index in window and filed < received_on
               for index, filed in screened.get((_reporting_unit_path(path), category), [])):
            excused.add(pk)
    return excused

"""Bottom-up reports (自下而上, issue 20 item 5): which villages file, and how a
township's villages stand for a period.

A village files once its township has a village clerk (村信息员) for it: it is
expected for each period whose due date comes after the clerk's account was set up
(docs/decisions.md, Screening, villages). The same rule is written as SQL in
screening/jobs.py for the missing-report alerts.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time

from django.db.models import Count, Min, Prefetch

from accounts.models import OrgUnit, User
from accounts.roles import VILLAGE_CLERK
from screening.models import ScreeningItem, ScreeningPeriod, ScreeningReport

VILLAGE = OrgUnit.Kind.VILLAGE
# Townships and departments file to the city, villages to their township.
FILING_KINDS = (*OrgUnit.REPORTING_KINDS, VILLAGE)


def files_reports(unit: OrgUnit | None) -> bool:
    return unit is not None and unit.is_active and unit.kind in FILING_KINDS


def villages_of(township: OrgUnit):
    return OrgUnit.objects.filter(parent=township, kind=VILLAGE, is_active=True).order_by("code")


def clerks_since(villages) -> dict[int, datetime]:
    """When each village got its (first active) village clerk: one grouped query."""
    rows = (User.objects.filter(groups__name=VILLAGE_CLERK, is_active=True,
                                org_unit__in=villages)
            .values("org_unit_id").annotate(since=Min("date_joined")))
    return {row["org_unit_id"]: row["since"] for row in rows}


def due_cutoff(period: ScreeningPeriod) -> datetime:
    """A clerk set up before this moment makes the village owe the period's report."""
    return datetime.combine(period.due_on, time(), tzinfo=UTC)


def expected_for(since: datetime | None, period: ScreeningPeriod) -> bool:
    return since is not None and since < due_cutoff(period)


# A village's state in a period (the grid's words, plus "not expected").
ON_TIME, LATE, ZERO, MISSING, RETURNED, PENDING, NOT_EXPECTED = (
    "on_time", "late", "zero", "missing", "returned", "pending", "none")


def report_state(report: ScreeningReport | None, period: ScreeningPeriod, today) -> str:
    if report is None or report.first_submitted_at is None:
        return MISSING if today > period.due_on else PENDING
    if report.status == ScreeningReport.Status.RETURNED:
        return RETURNED
    if report.late:
        return LATE
    return ZERO if report.zero_report else ON_TIME


@dataclass
class VillageRow:
    unit: OrgUnit
    expected: bool
    report: ScreeningReport | None
    state: str


@dataclass
class VillageCompleteness:
    """A township's villages for one period: who owes a report, who filed, who is missing."""

    period: ScreeningPeriod
    rows: list[VillageRow]

    @property
    def expected(self) -> list[VillageRow]:
        return [row for row in self.rows if row.expected]

    @property
    def filed(self) -> list[VillageRow]:
        return [row for row in self.expected if row.state not in (MISSING, PENDING)]

    @property
    def late(self) -> list[VillageRow]:
        return [row for row in self.expected
                if row.report is not None and row.report.late]

    @property
    def not_filed(self) -> list[VillageRow]:
        return [row for row in self.expected if row.state in (MISSING, PENDING)]

    @property
    def returned(self) -> list[VillageRow]:
        return [row for row in self.expected if row.state == RETURNED]

    def as_api(self) -> dict:
        return {"period": self.period.pk, "expected": len(self.expected),
                "filed": len(self.filed), "late": len(self.late),
                "returned": [row.unit.code for row in self.returned],
                "missing": [row.unit.code for row in self.not_filed]}


def village_completeness(*, township: OrgUnit, period: ScreeningPeriod, today,
                         with_items: bool = False) -> VillageCompleteness:
    """Three queries (four with the items): the villages, their clerks' start, the
    period's village reports."""
    villages = list(villages_of(township))
    since = clerks_since(villages)
    reports = (ScreeningReport.objects.filter(period=period, org_unit__in=villages)
               .annotate(item_count=Count("items")))
    if with_items:
        # Each item with the stability matter it was raised to, as the report page and
        # the API show a report's own items (selectors.report_items).
        reports = reports.prefetch_related(Prefetch("items", ScreeningItem.objects.annotate(
            stability_matter_id=Min("raised_matters")).order_by("id")))
    by_unit = {report.org_unit_id: report for report in reports}
    rows = []
    for village in villages:
        expected = expected_for(since.get(village.pk), period)
        report = by_unit.get(village.pk)
        state = report_state(report, period, today) if (expected or report) else NOT_EXPECTED
        rows.append(VillageRow(unit=village, expected=expected, report=report, state=state))
    return VillageCompleteness(period=period, rows=rows)


def missing_village_codes(*, township: OrgUnit, period: ScreeningPeriod) -> list[str]:
    """The expected villages with no filed report: named on the township's report."""
    villages = list(villages_of(township))
    since = clerks_since(villages)
    filed = set(ScreeningReport.objects.filter(
        period=period, org_unit__in=villages, first_submitted_at__isnull=False,
    ).values_list("org_unit_id", flat=True))
    return [v.code for v in villages
            if expected_for(since.get(v.pk), period) and v.pk not in filed]

"""Reads for screening: scoped lists, completeness and the year grid."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Min, Prefetch

from accounts.models import OrgUnit
from accounts.roles import is_city_role
from accounts.scoping import get_scoped_or_404, scoped
from core.dates import local_today
from screening.models import ScreeningItem, ScreeningPeriod, ScreeningReport
from screening.villages import clerks_since, expected_for, villages_of

# Grid cell states, in words for the export and as CSS classes for the page.
ON_TIME, LATE, ZERO, MISSING, RETURNED, PENDING, NONE = (
    "on_time", "late", "zero", "missing", "returned", "pending", "none")


def report_list_for(*, user, period=None, org_unit=None):
    reports = scoped(ScreeningReport.objects.all(), user).select_related("period", "org_unit")
    if period:
        reports = reports.filter(period=period)
    if org_unit:
        reports = reports.filter(org_unit=org_unit)
    return reports.order_by("-period__year", "-period__month", "org_unit__code")


def report_items():
    """A report's items in order, each with the id of the stability matter it was
    raised to (None if not raised), read through the stability app's foreign key."""
    return (ScreeningItem.objects.annotate(stability_matter_id=Min("raised_matters"))
            .order_by("id"))


def report_get_for(*, user, pk) -> ScreeningReport:
    reports = (ScreeningReport.objects.select_related("period", "org_unit", "created_by")
               .prefetch_related(Prefetch("items", report_items()),
                                 "events__actor"))
    return get_scoped_or_404(reports, user, pk=pk)


def reporting_units_for(user):
    """The reporting units the user may see: all of them for the city, else their own."""
    units = OrgUnit.objects.filter(kind__in=OrgUnit.REPORTING_KINDS, is_active=True)
    return scoped(units, user, unit_field="").order_by("-kind", "code")  # townships first


def period_current(today: date | None = None) -> ScreeningPeriod | None:
    today = today or local_today()
    return ScreeningPeriod.objects.filter(year=today.year, month=today.month).first()


@dataclass
class Completeness:
    period: ScreeningPeriod
    expected: int
    on_time: list
    late: list
    missing: list  # OrgUnit objects, by code

    def as_api(self) -> dict:
        return {"period": self.period.pk, "expected": self.expected,
                "on_time": len(self.on_time), "late": len(self.late),
                "missing": [unit.code for unit in self.missing]}


def completeness_for(*, user, period: ScreeningPeriod) -> Completeness:
    """Expected units, those filed on time, filed late, and missing (two queries).
    A report counts from its first submission, even if it was later returned."""
    units = list(reporting_units_for(user))
    filed = dict(ScreeningReport.objects.filter(
        period=period, first_submitted_at__isnull=False, org_unit__in=[u.pk for u in units],
    ).values_list("org_unit_id", "late"))
    return Completeness(
        period=period, expected=len(units),
        on_time=[u for u in units if u.pk in filed and not filed[u.pk]],
        late=[u for u in units if filed.get(u.pk)],
        missing=[u for u in units if u.pk not in filed])


def cell_state(row: dict | None, period: ScreeningPeriod | None, today: date) -> str:
    if period is None:
        return NONE
    if row is None or row["first_submitted_at"] is None:
        return MISSING if today > period.due_on else PENDING
    if row["status"] == ScreeningReport.Status.RETURNED:
        return RETURNED
    if row["late"]:
        return LATE
    return ZERO if row["zero_report"] else ON_TIME


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def year_grid_for(*, user, year: int, today: date | None = None, units=None,
                  since: dict | None = None) -> dict:
    """Units down, months across. Three queries whatever the number of units:
    the units, the year's periods, and one read of the year's reports. A caller that
    already holds the user's reporting units (the dashboard) passes them as `units`.
    For a township's villages, `since` (village id -> when its clerk was set up) leaves
    blank the months a village did not owe a report, and the rates count only the others."""
    today = today or local_today()
    units = list(reporting_units_for(user)) if units is None else list(units)
    periods = {p.month: p for p in ScreeningPeriod.objects.filter(year=year)}
    reports = scoped(ScreeningReport.objects.filter(period__year=year,
                                                    org_unit__in=[u.pk for u in units]),
                     user).values(
        "id", "org_unit_id", "period__month", "status", "late", "zero_report",
        "first_submitted_at")
    by_key = {(r["org_unit_id"], r["period__month"]): r for r in reports}
    due_periods = [m for m, p in periods.items() if p.due_on < today]
    rows, total_filed, total_on_time, expected = [], 0, 0, 0
    for unit in units:
        cells = []
        filed = on_time = 0
        owed = due_periods if since is None else [
            m for m in due_periods if expected_for(since.get(unit.pk), periods[m])]
        for month in range(1, 13):
            row = by_key.get((unit.pk, month))
            period = periods.get(month)
            owes = since is None or (period is not None
                                     and expected_for(since.get(unit.pk), period))
            state = cell_state(row, period, today) if owes or row else NONE
            if month in owed and state not in (MISSING, PENDING):
                filed += 1
                on_time += state != LATE and not (row and row["late"])
            cells.append({"month": month, "state": state, "report_id": row and row["id"],
                          "period_id": period and period.pk})
        total_filed += filed
        total_on_time += on_time
        expected += len(owed)
        rows.append({"unit": unit, "cells": cells, "filed": filed, "on_time": on_time,
                     "reporting_rate": _rate(filed, len(owed)),
                     "on_time_rate": _rate(on_time, len(owed))})
    return {"year": year, "months": list(range(1, 13)), "periods": periods, "rows": rows,
            "due_months": len(due_periods),
            "reporting_rate": _rate(total_filed, expected),
            "on_time_rate": _rate(total_on_time, expected),
            "is_city": is_city_role(user)}


def village_grid_for(*, user, township: OrgUnit, year: int, today: date | None = None) -> dict:
    """The year grid of a township's villages (the city's grid drills to it)."""
    villages = list(villages_of(township))
    data = year_grid_for(user=user, year=year, today=today, units=villages,
                         since=clerks_since(villages))
    return {**data, "township": township}

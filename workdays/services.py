"""The counting rule of the regulation and the official holiday calendar.

Counting (domain.md): the day of the event is not counted; the deadline is the
Nth day after it; if that day is a rest day (a weekend that is not a make-up
working day, or a statutory holiday) it moves to the next working day. Under the
`working` policy the deadline is the Nth working day after the event instead.

Which days are rest days comes, in order, from the admin's `CalendarDay` table,
then the chinesecalendar package for the years it covers, then weekends alone
(a year with neither source: `calendar_warnings()` tells the admin).
"""

from datetime import date, timedelta

import chinese_calendar
from django.utils.translation import gettext as _

from workdays.models import CalendarDay

CALENDAR = "calendar"
WORKING = "working"
POLICIES = (CALENDAR, WORKING)

# Longest run of consecutive rest days we ever need to look past (Spring
# Festival is 8-9 days); the table is read once per computation for this window.
_LOOKAHEAD = 40


def _package_covers(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


class _Calendar:
    """Rest-day lookups over a window, with the admin table read in one query."""

    def __init__(self, start: date, end: date):
        self.overrides = dict(
            CalendarDay.objects.filter(day__range=(start, end)).values_list("day", "kind")
        )

    def is_rest_day(self, day: date) -> bool:
        kind = self.overrides.get(day)
        if kind is not None:
            return kind == CalendarDay.Kind.HOLIDAY
        try:
            return not chinese_calendar.is_workday(day)
        except NotImplementedError:
            return day.weekday() >= 5

    def next_working_day(self, day: date) -> date:
        while self.is_rest_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, count: int) -> date:
        day = start
        while count > 0:
            day += timedelta(days=1)
            if not self.is_rest_day(day):
                count -= 1
        return day


def _window(start: date, days: int) -> _Calendar:
    return _Calendar(start, start + timedelta(days=days * 2 + _LOOKAHEAD))


def is_rest_day(day: date) -> bool:
    return _Calendar(day, day).is_rest_day(day)


def deadline_after(start: date, days: int, policy: str = CALENDAR) -> date:
    """The deadline `days` after the event on `start`, under `policy`."""
    if policy not in POLICIES:
        raise ValueError(f"Unknown deadline policy {policy!r}")
    calendar = _window(start, days)
    if policy == WORKING:
        return calendar.add_working_days(start, days)
    return calendar.next_working_day(start + timedelta(days=days))


def add_working_days(start: date, count: int) -> date:
    return _window(start, count).add_working_days(start, count)


def due_soon_limit(today: date, working_days: int = 3) -> date:
    """The last due date that counts as due soon: within N working days of today."""
    return add_working_days(today, working_days)


def calendar_warnings(today: date) -> list[str]:
    """Years in use (this one and the next) for which no official calendar is known."""
    warnings = []
    years = (today.year, today.year + 1)
    # One query for both years (the dashboard counts its queries).
    known = {day.year for day in CalendarDay.objects.filter(
        day__gte=date(years[0], 1, 1), day__lte=date(years[1], 12, 31))
        .order_by().dates("day", "year")}
    for year in years:
        in_table = year in known
        if not in_table and not _package_covers(year):
            warnings.append(_(
                "No official holiday arrangement is known for %(year)s: deadlines in "
                "%(year)s count weekends only until you enter its holidays and make-up "
                "working days in the holiday calendar."
            ) % {"year": year})
    return warnings

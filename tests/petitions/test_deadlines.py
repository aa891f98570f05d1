"""The counting rule on real dates of the 2026 official calendar (domain.md)."""

from datetime import date

import pytest

from petitions.deadlines import deadline_after
from workdays.models import CalendarDay

pytestmark = pytest.mark.django_db

CASES = [
    # domain.md's own examples: National Day, and a make-up working Sunday.
    (date(2026, 9, 16), 15, date(2026, 10, 8)),
    (date(2026, 9, 5), 15, date(2026, 9, 20)),
    # Spring Festival 2026 (02-15..02-23 off): day 15 after 02-01 is 02-16.
    (date(2026, 2, 1), 15, date(2026, 2, 24)),
    # 02-14 (a Saturday) is a make-up working day.
    (date(2026, 1, 30), 15, date(2026, 2, 14)),
    # Labour Day 2026 (05-01..05-05 off).
    (date(2026, 4, 16), 15, date(2026, 5, 6)),
    # Mid-autumn 2026 (09-25..09-27 off): day 15 after 09-10 is Friday 09-25.
    (date(2026, 9, 10), 15, date(2026, 9, 28)),
    # An ordinary weekday stays where it is; month end.
    (date(2026, 6, 15), 15, date(2026, 6, 30)),
    # Year end: 2026-12-31 is a Thursday; 2026-12-19 + 15 = 01-03 (Sunday, New Year holiday).
    (date(2026, 12, 16), 15, date(2026, 12, 31)),
]


@pytest.mark.parametrize(("start", "days", "due"), CASES)
def test_calendar_policy_moves_rest_days_to_the_next_working_day(start, days, due):
    assert deadline_after(start, days, "calendar") == due


def test_working_policy_counts_only_working_days():
    # From Wednesday 2026-09-30: 10-01..10-07 off, 10-08 and 10-09 work, 10-10 is
    # a make-up working Saturday.
    assert deadline_after(date(2026, 9, 30), 3, "working") == date(2026, 10, 10)


def test_2027_without_table_entries_falls_back_to_weekends():
    # 2026-12-17 + 15 = 2027-01-01, a Friday: only weekends are known for 2027.
    assert deadline_after(date(2026, 12, 17), 15, "calendar") == date(2027, 1, 1)


def test_2027_follows_the_admin_table():
    CalendarDay.objects.create(day=date(2027, 1, 1), kind="holiday", name="元旦")
    CalendarDay.objects.create(day=date(2027, 1, 2), kind="holiday", name="元旦")
    CalendarDay.objects.create(day=date(2027, 1, 3), kind="holiday", name="元旦")
    assert deadline_after(date(2026, 12, 17), 15, "calendar") == date(2027, 1, 4)
    # A make-up working Sunday counts as a working day.
    CalendarDay.objects.create(day=date(2027, 1, 10), kind="workday")
    assert deadline_after(date(2026, 12, 26), 15, "calendar") == date(2027, 1, 10)

"""The counting rule on real dates of the 2026 official calendar (and 2027)."""

from datetime import date

import pytest

from workdays.models import CalendarDay
from workdays.services import (
    add_working_days,
    calendar_warnings,
    deadline_after,
    due_soon_limit,
    is_rest_day,
)

pytestmark = pytest.mark.django_db


def test_a_deadline_on_national_day_moves_to_the_first_working_day():
    # domain.md: received 2026-09-16 -> accept by 2026-10-08 (10-01..10-07 holiday).
    assert deadline_after(date(2026, 9, 16), 15) == date(2026, 10, 8)


def test_a_make_up_working_sunday_is_a_working_day():
    # domain.md: received 2026-09-05 -> 2026-09-20, a Sunday but a make-up day.
    assert deadline_after(date(2026, 9, 5), 15) == date(2026, 9, 20)


def test_spring_festival_2026_pushes_the_deadline_past_the_holiday():
    # Spring Festival 2026: 02-15 .. 02-23 off; 02-24 is the first working day.
    assert deadline_after(date(2026, 2, 1), 15) == date(2026, 2, 24)


def test_labour_day_2026():
    # 05-01 .. 05-05 off; 05-09 (Saturday) is a make-up working day.
    assert deadline_after(date(2026, 4, 16), 15) == date(2026, 5, 6)
    assert not is_rest_day(date(2026, 5, 9))


def test_mid_autumn_2026():
    # Mid-autumn 2026 falls on Friday 09-25: a holiday.
    assert is_rest_day(date(2026, 9, 25))
    assert deadline_after(date(2026, 9, 10), 15) == date(2026, 9, 28)


def test_a_plain_weekday_deadline_does_not_move():
    assert deadline_after(date(2026, 3, 2), 60) == date(2026, 5, 6)  # 05-01 Fri off .. 05-05
    assert deadline_after(date(2026, 3, 10), 30) == date(2026, 4, 9)


def test_month_and_year_ends():
    assert deadline_after(date(2026, 1, 31), 30) == date(2026, 3, 2)  # 03-02 Monday
    # 2026-12-01 + 30 = 12-31 (Thursday, a working day)
    assert deadline_after(date(2026, 12, 1), 30) == date(2026, 12, 31)


def test_2027_without_table_entries_falls_back_to_weekends():
    # 2027-01-01 is a Friday; the package does not cover 2027, so only
    # weekends count as rest days until the admin enters the arrangement.
    assert deadline_after(date(2026, 12, 17), 15) == date(2027, 1, 1)
    assert deadline_after(date(2027, 1, 1), 15) == date(2027, 1, 18)  # 01-16 Saturday


def test_2027_table_entries_override_the_fallback():
    CalendarDay.objects.create(day=date(2027, 1, 1), kind="holiday", name="元旦")
    CalendarDay.objects.create(day=date(2027, 1, 16), kind="workday", name="调休上班")
    assert deadline_after(date(2026, 12, 17), 15) == date(2027, 1, 4)
    assert deadline_after(date(2027, 1, 1), 15) == date(2027, 1, 16)


def test_the_table_overrides_the_package_too():
    CalendarDay.objects.create(day=date(2026, 10, 8), kind="holiday", name="extra")
    assert deadline_after(date(2026, 9, 16), 15) == date(2026, 10, 9)


def test_working_day_policy_counts_working_days_only():
    # 2026-09-28 (Mon) + 5 working days: 09-29, 09-30, [10-01..07 off], 10-08, 10-09, 10-10 (Sat, make-up)
    assert deadline_after(date(2026, 9, 28), 5, "working") == date(2026, 10, 10)


def test_an_unknown_policy_is_an_error():
    with pytest.raises(ValueError):
        deadline_after(date(2026, 1, 5), 15, "lunar")


def test_due_soon_is_three_working_days_ahead():
    assert due_soon_limit(date(2026, 9, 30)) == date(2026, 10, 10)
    assert add_working_days(date(2026, 11, 27), 3) == date(2026, 12, 2)


def test_the_admin_is_warned_about_2027_until_it_is_entered():
    warnings = calendar_warnings(date(2026, 11, 28))
    assert len(warnings) == 1
    assert "2027" in warnings[0]
    CalendarDay.objects.create(day=date(2027, 1, 1), kind="holiday")
    assert calendar_warnings(date(2026, 11, 28)) == []


def test_the_calendar_admin_shows_the_warning(client, admin_user, today):
    client.force_login(admin_user)
    response = client.get("/admin/workdays/calendarday/", follow=True)
    assert response.status_code == 200
    assert "2027" in response.content.decode()

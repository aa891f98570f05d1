"""Properties of the counting rule over many dates (hypothesis, bounded)."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workdays.services import deadline_after, is_rest_day

pytestmark = pytest.mark.django_db
DATES = st.dates(min_value=date(2020, 1, 1), max_value=date(2027, 12, 31))
BOUNDED = settings(max_examples=150, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture])


@BOUNDED
@given(start=DATES, days=st.integers(min_value=1, max_value=90))
def test_a_calendar_deadline_is_a_working_day_no_earlier_than_n_days(start, days):
    due = deadline_after(start, days, "calendar")
    assert due >= start + timedelta(days=days)
    assert not is_rest_day(due)
    # It moved only across rest days: every day between is a rest day.
    day = start + timedelta(days=days)
    while day < due:
        assert is_rest_day(day)
        day += timedelta(days=1)


@BOUNDED
@given(start=DATES, days=st.integers(min_value=1, max_value=60))
def test_a_working_day_deadline_counts_exactly_n_working_days(start, days):
    due = deadline_after(start, days, "working")
    assert not is_rest_day(due)
    working = sum(not is_rest_day(start + timedelta(days=i)) for i in range(1, (due - start).days + 1))
    assert working == days


@BOUNDED
@given(start=DATES, days=st.integers(min_value=1, max_value=60))
def test_a_later_event_never_has_an_earlier_deadline(start, days):
    for policy in ("calendar", "working"):
        assert deadline_after(start + timedelta(days=1), days, policy) >= deadline_after(
            start, days, policy)

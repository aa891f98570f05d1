from datetime import date

import pytest

from alerts.models import Alert
from core.jobs import run_job
from screening.models import ScreeningPeriod, ScreeningReminder
from tests.builders import file_report, make_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(t01, t02, d01, t01_village):
    return t01, t02, d01


def test_no_missing_report_is_flagged_on_the_due_date(units, october):
    assert run_job("flag_missing_reports", as_of=date(2026, 10, 25)) == []
    assert not Alert.objects.exists()


def test_missing_reports_are_flagged_once_the_day_after_the_due_date(clerk, units, october):
    file_report(actor=clerk, period=october, unit=units[0])
    lines = run_job("flag_missing_reports", as_of=date(2026, 10, 26))
    assert lines == ["report_missing 2026-10 D01", "report_missing 2026-10 T02"]
    alert = Alert.objects.get(org_unit=units[1])
    assert (alert.kind, alert.target_type, alert.target_id, alert.due_on, alert.raised_on) == (
        "report_missing", "screening_period", october.pk, date(2026, 10, 25), date(2026, 10, 26))


def test_running_the_missing_report_job_twice_raises_nothing_new(units, october):
    run_job("flag_missing_reports", as_of=date(2026, 10, 26))
    assert run_job("flag_missing_reports", as_of=date(2026, 10, 26)) == []
    assert run_job("flag_missing_reports", as_of=date(2026, 10, 27)) == []
    assert Alert.objects.count() == 3


def test_the_alert_clears_when_the_report_arrives(outsider, units, october):
    run_job("flag_missing_reports", as_of=date(2026, 10, 26))
    file_report(actor=outsider, period=october, unit=units[1], on=date(2026, 10, 28))
    open_units = set(Alert.objects.filter(cleared_on__isnull=True)
                     .values_list("org_unit__code", flat=True))
    assert open_units == {"T01", "D01"}
    assert run_job("flag_missing_reports", as_of=date(2026, 10, 29)) == []


def test_the_jobs_create_this_months_and_next_months_periods(units):
    run_job("send_reminders", as_of=date(2026, 12, 2))
    assert sorted(str(p) for p in ScreeningPeriod.objects.all()) == ["2026-12", "2027-01"]


def test_reminders_go_three_working_days_before_the_due_date_once(clerk, units):
    november = make_period(2026, 11)  # due Wednesday 25 November
    file_report(actor=clerk, period=november, unit=units[0], on=date(2026, 11, 10))
    # Thursday 19th is four working days ahead: too early.
    assert run_job("send_reminders", as_of=date(2026, 11, 19)) == []
    # Friday 20th: three working days (23, 24, 25) remain.
    assert run_job("send_reminders", as_of=date(2026, 11, 20)) == [
        "reminder 2026-11 D01 due 2026-11-25", "reminder 2026-11 T02 due 2026-11-25"]
    assert run_job("send_reminders", as_of=date(2026, 11, 20)) == []
    assert run_job("send_reminders", as_of=date(2026, 11, 23)) == []
    assert ScreeningReminder.objects.count() == 2
    assert run_job("send_reminders", as_of=date(2026, 11, 26)) == []

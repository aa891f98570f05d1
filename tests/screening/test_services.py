from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alerts.models import Alert
from core.errors import TransitionError
from screening.models import ScreeningEvent, ScreeningPeriod, ScreeningReport, ScreeningSettings
from screening.services import (
    screening_period_ensure,
    screening_periods_ensure_ahead,
    screening_report_create,
    screening_report_return,
    screening_report_submit,
    screening_report_update,
)
from tests.builders import at, file_report, item

pytestmark = pytest.mark.django_db


def test_a_period_is_due_on_the_admins_day_and_locks_five_days_later():
    settings = ScreeningSettings.current()
    settings.due_day = 20
    settings.save()
    period, created = screening_period_ensure(year=2026, month=2)
    assert created
    assert (period.opens_on, period.due_on, period.locks_on) == (
        date(2026, 2, 1), date(2026, 2, 20), date(2026, 2, 25))


def test_the_default_due_day_is_the_25th():
    period, _ = screening_period_ensure(year=2026, month=11)
    assert period.due_on == date(2026, 11, 25)


def test_ensuring_periods_ahead_is_idempotent_and_creates_next_month():
    first = screening_periods_ensure_ahead(as_of=date(2026, 12, 3))
    again = screening_periods_ensure_ahead(as_of=date(2026, 12, 3))
    assert [p.label for p in first] == ["2026-12", "2027-01"]
    assert again == []
    assert ScreeningPeriod.objects.count() == 2


def test_a_zero_report_with_items_is_refused(clerk, t01, october):
    with pytest.raises(ValidationError) as error:
        file_report(actor=clerk, period=october, unit=t01, zero=True, items=[item()])
    assert "items" in error.value.message_dict
    assert not ScreeningReport.objects.exists()


def test_a_report_without_items_must_be_a_zero_report(clerk, t01, october):
    with pytest.raises(ValidationError):
        file_report(actor=clerk, period=october, unit=t01, zero=False, items=[])


def test_filed_on_the_due_date_is_on_time(clerk, t01, october):
    report = file_report(actor=clerk, period=october, unit=t01, on=date(2026, 10, 25))
    assert report.status == "submitted"
    assert report.late is False


def test_filed_the_day_after_the_due_date_is_late(clerk, t01, october):
    report = file_report(actor=clerk, period=october, unit=t01, on=date(2026, 10, 26))
    assert report.late is True


def test_late_night_on_the_due_date_in_china_is_still_on_time(clerk, t01, october):
    # 23:00 in Shanghai is 15:00 UTC the same day; the local date decides.
    report = screening_report_create(actor=clerk, period=october, org_unit=t01, zero_report=True,
                                     items=[], now=at(date(2026, 10, 25), hour=23))
    assert report.late is False


def test_a_second_report_for_the_same_unit_and_period_is_a_transition_error(clerk, t01, october):
    file_report(actor=clerk, period=october, unit=t01)
    with pytest.raises(TransitionError):
        file_report(actor=clerk, period=october, unit=t01)
    assert ScreeningReport.objects.count() == 1


def test_the_database_refuses_a_second_report_even_when_the_check_is_skipped(
        clerk, t01, october, monkeypatch):
    # Two submits at once both pass the existence check; the constraint decides.
    file_report(actor=clerk, period=october, unit=t01)
    from screening import services

    real_filter = ScreeningReport.objects.filter

    class Racing:
        def filter(self, **kwargs):
            return real_filter(pk=-1)

        def __getattr__(self, name):
            return getattr(ScreeningReport._default_manager, name)

    monkeypatch.setattr(services.ScreeningReport, "objects", Racing())
    with pytest.raises(TransitionError):
        file_report(actor=clerk, period=october, unit=t01)
    monkeypatch.undo()
    assert ScreeningReport.objects.count() == 1


def test_a_clerk_cannot_file_for_another_unit(outsider, t01, october):
    with pytest.raises(ValidationError) as error:
        file_report(actor=outsider, period=october, unit=t01)
    assert "org_unit" in error.value.message_dict


def test_the_city_office_itself_does_not_file(city_officer, city, october):
    # (villages file to their township since issue 20, item 5: tests/screening/test_villages.py)
    with pytest.raises(ValidationError):
        file_report(actor=city_officer, period=october, unit=city)


def test_the_city_returns_a_report_and_the_unit_resubmits_it_keeping_its_lateness(
        clerk, city_officer, t01, october):
    report = file_report(actor=clerk, period=october, unit=t01, on=date(2026, 10, 20))
    screening_report_return(report_id=report.pk, actor=city_officer, reason="请补充措施")
    report.refresh_from_db()
    assert (report.status, report.returned_reason) == ("returned", "请补充措施")
    # Corrected well after the due date: still on time, judged on the first filing.
    screening_report_update(report_id=report.pk, actor=clerk, zero_report=False,
                            items=[item(risk_level="high")], now=at(date(2026, 11, 10)))
    report.refresh_from_db()
    assert report.status == "submitted"
    assert report.late is False
    assert report.items.get().risk_level == "high"
    assert list(ScreeningEvent.objects.filter(report=report).values_list("action", flat=True)) == [
        "create", "submit", "return", "update", "resubmit"]
    event = ScreeningEvent.objects.get(report=report, action="return")
    assert (event.actor, event.from_status, event.to_status, event.note) == (
        city_officer, "submitted", "returned", "请补充措施")


def test_only_the_city_returns_a_report(clerk, leader, t01, october):
    report = file_report(actor=clerk, period=october, unit=t01)
    with pytest.raises(PermissionDenied):
        screening_report_return(report_id=report.pk, actor=leader, reason="x")


def test_a_returned_report_cannot_be_returned_again(clerk, city_officer, t01, october):
    report = file_report(actor=clerk, period=october, unit=t01)
    screening_report_return(report_id=report.pk, actor=city_officer, reason="x")
    with pytest.raises(TransitionError):
        screening_report_return(report_id=report.pk, actor=city_officer, reason="y")


def test_a_filed_report_can_be_corrected_until_the_lock_date_and_not_after(clerk, t01, october):
    report = file_report(actor=clerk, period=october, unit=t01, on=date(2026, 10, 20))
    screening_report_update(report_id=report.pk, actor=clerk, zero_report=False,
                            items=[item()], now=at(date(2026, 10, 30)))  # locks_on
    with pytest.raises(TransitionError):
        screening_report_update(report_id=report.pk, actor=clerk, zero_report=True, items=[],
                                now=at(date(2026, 10, 31)))
    assert ScreeningReport.objects.get().zero_report is False


def test_submitting_a_submitted_report_is_a_transition_error(clerk, t01, october):
    report = file_report(actor=clerk, period=october, unit=t01)
    with pytest.raises(TransitionError):
        screening_report_submit(report_id=report.pk, actor=clerk, now=at(date(2026, 10, 26)))


def test_a_report_cannot_be_filed_before_its_period_opens(clerk, t01, october):
    with pytest.raises(ValidationError):
        file_report(actor=clerk, period=october, unit=t01, on=october.opens_on - timedelta(days=1))


def test_filing_clears_the_units_missing_report_alert(clerk, t01, october):
    alert = Alert.objects.create(kind="report_missing", target_type="screening_period",
                                 target_id=october.pk, org_unit=t01, due_on=october.due_on,
                                 raised_on=date(2026, 10, 26))
    file_report(actor=clerk, period=october, unit=t01, on=date(2026, 10, 28))
    alert.refresh_from_db()
    assert alert.cleared_on == date(2026, 10, 28)

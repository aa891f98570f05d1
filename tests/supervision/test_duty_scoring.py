"""Issue 18, items 3 and 4: scoring that rewards reporting, each deduction in the period
its duty fell due, idempotent recomputes, and backlog cases in the assessment."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts.models import Alert
from backlog.models import BacklogCase, BacklogEvent, Campaign
from backlog.services import case_reopen
from core.jobs import run_job
from supervision.assessment import assessment_recompute
from supervision.models import AssessmentRule, AssessmentScore
from tests.builders import file_report, make_period

pytestmark = pytest.mark.django_db


def month(unit, m, year=2026):
    return AssessmentScore.objects.get(org_unit=unit, period_kind="month", period=m, year=year)


def rules_of(score):
    return sorted((d["rule"], d["points"]) for d in score.deductions)


# ---------------------------------------------------------------- item 3: reporting

def test_a_late_report_costs_less_than_a_missing_one(clerk, outsider, t01, t02):
    january = make_period(2026, 1, due_day=26)  # Monday 2026-01-26
    run_job("flag_missing_reports", as_of=date(2026, 1, 27))  # both flagged missing
    file_report(actor=clerk, period=january, unit=t01, on=date(2026, 1, 28))  # T01 files late
    assessment_recompute(as_of=date(2026, 1, 31))
    assert rules_of(month(t01, 1)) == [("report_late", -1.0)]  # the missing one is replaced
    assert rules_of(month(t02, 1)) == [("report_missing", -3.0)]
    assert month(t01, 1).score > month(t02, 1).score
    assert (month(t01, 1).rank, month(t02, 1).rank) == (1, 2)


def test_each_deduction_belongs_to_the_period_its_duty_fell_due(outsider, t01, t02):
    january = make_period(2026, 1, due_day=26)
    assessment_recompute(as_of=date(2026, 1, 31))  # January scored in January: no flag yet
    assert month(t02, 1).deductions == []
    # The flag job first ran in November: the miss is still January's.
    run_job("flag_missing_reports", as_of=date(2026, 11, 10))
    assessment_recompute(as_of=date(2026, 11, 30))
    assert ("report_missing", -3.0) in rules_of(month(t02, 1))
    assert month(t02, 1).deductions[0]["on"] == "2026-01-26"
    assert all(d["ref"] != f"screening_period:{january.pk}"
               for d in month(t02, 11).deductions)
    # The year holds it once.
    year = AssessmentScore.objects.get(org_unit=t02, period_kind="year", year=2026)
    assert [d["ref"] for d in year.deductions] == [f"screening_period:{january.pk}"]


def test_recomputing_a_past_period_twice_gives_identical_rows(clerk, t01, t02):
    january = make_period(2026, 1, due_day=26)
    run_job("flag_missing_reports", as_of=date(2026, 1, 27))
    file_report(actor=clerk, period=january, unit=t01, on=date(2026, 1, 29))
    assert assessment_recompute(as_of=date(2026, 11, 30), periods=[("month", 1)])
    first = list(AssessmentScore.objects.filter(year=2026, period_kind="month", period=1)
                 .order_by("org_unit_id").values("org_unit_id", "score", "rank", "deductions",
                                                 "computed_at"))
    assert assessment_recompute(as_of=date(2026, 11, 30), periods=[("month", 1)]) == []
    # From the period's own end too: the same rows, untouched.
    assert assessment_recompute(as_of=date(2026, 1, 31), periods=[("month", 1)]) == []
    again = list(AssessmentScore.objects.filter(year=2026, period_kind="month", period=1)
                 .order_by("org_unit_id").values("org_unit_id", "score", "rank", "deductions",
                                                 "computed_at"))
    assert again == first


# ---------------------------------------------------------------- item 4: backlog

@pytest.fixture
def campaign(city_officer):
    return Campaign.objects.create(name="2026年积案化解", year=2026, starts_on=date(2026, 1, 1),
                                   ends_on=date(2026, 6, 30), created_by=city_officer)


def case(campaign, unit, leader, *, due_on, status="in_progress", resolved_on=None,
         title="老街拆迁补偿遗留问题"):
    return BacklogCase.objects.create(campaign=campaign, title=title, org_unit=unit,
                                      leader=leader, due_on=due_on, status=status,
                                      resolved_on=resolved_on, assigned_on=date(2026, 1, 5))


def test_the_campaign_target_rate_defaults_to_90_percent(campaign):
    assert campaign.target_rate == Decimal(90)


def test_an_overdue_backlog_case_costs_its_unit(campaign, t01, t02, leader):
    late = case(campaign, t01, leader, due_on=date(2026, 3, 31), title="老街拆迁")
    assessment_recompute(as_of=date(2026, 3, 31))
    run_job("flag_overdue", as_of=date(2026, 4, 1))
    assessment_recompute(as_of=date(2026, 4, 30))
    assert [(d["rule"], d["points"], d["ref"], d["label"]) for d in month(t01, 3).deductions
            ] == [("backlog_overdue", -2.0, f"backlog_case:{late.pk}",
                 f"{late.number} 2026-03-31")]
    assert month(t02, 3).deductions == []


def test_a_case_returned_as_not_resolved_costs_its_unit(campaign, t01, leader, city_officer):
    returned = case(campaign, t01, leader, due_on=date(2026, 9, 30), status="resolved",
                    resolved_on=date(2026, 5, 6))
    case_reopen(case_id=returned.pk, actor=city_officer, reason="群众仍不满意")
    # The service stamps the event now; pin it to a real day of May.
    BacklogEvent.objects.filter(case=returned, action="reopen").update(
        at=timezone.make_aware(datetime.combine(date(2026, 5, 12), time(10))))
    assessment_recompute(as_of=date(2026, 5, 31))
    assert [(d["rule"], d["ref"], d["on"]) for d in month(t01, 5).deductions] == [
        ("backlog_returned", f"backlog_case:{returned.pk}", "2026-05-12")]


def test_a_resolution_rate_below_target_at_the_campaigns_end_costs_the_unit(
        campaign, t01, t01_village, t02, leader):
    # T01 (with its village): 1 of 2 resolved by 06-30 = 50% < 90%. T02: 1 of 1.
    case(campaign, t01, leader, due_on=date(2026, 12, 31), status="resolved",
         resolved_on=date(2026, 6, 1))
    case(campaign, t01_village, leader, due_on=date(2026, 12, 31))
    case(campaign, t02, leader, due_on=date(2026, 12, 31), status="verified",
         resolved_on=date(2026, 5, 2))
    assessment_recompute(as_of=date(2026, 5, 31))  # before the end: nothing yet
    assert month(t01, 5).deductions == []
    assessment_recompute(as_of=date(2026, 6, 30))
    june = month(t01, 6).deductions
    assert [(d["rule"], d["points"], d["ref"], d["label"]) for d in june] == [
        ("backlog_rate_below_target", -5.0, f"campaign:{campaign.pk}",
         "2026年积案化解 50.0% < 90%")]
    assert month(t02, 6).deductions == []


def test_the_backlog_rules_are_the_admins_to_edit(campaign, t01, leader):
    case(campaign, t01, leader, due_on=date(2026, 3, 31))
    AssessmentRule.objects.filter(code="backlog_overdue").update(points=-4)
    assessment_recompute(as_of=date(2026, 3, 31))
    run_job("flag_overdue", as_of=date(2026, 4, 1))
    assessment_recompute(as_of=date(2026, 4, 30))
    assert month(t01, 3).score == 96
    AssessmentRule.objects.filter(code="backlog_overdue").update(active=False)
    assessment_recompute(as_of=date(2026, 4, 30))
    assert month(t01, 3).score == 100


def test_deductions_show_the_rules_words_and_the_records_number(
        client, campaign, t01, leader, supervisor):
    late = case(campaign, t01, leader, due_on=date(2026, 3, 31), title="老街拆迁")
    run_job("flag_overdue", as_of=date(2026, 4, 1))
    assessment_recompute(as_of=date(2026, 4, 30), periods=[("month", 3)])
    client.force_login(supervisor)
    page = client.get(reverse("supervision:assessment_detail", args=[month(t01, 3).pk]),
                      HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "积案超过化解期限未化解（每件）" in page and f"{late.number} 2026-03-31" in page
    assert f"积案 {late.number}" in page  # the record in words plus its own number
    assert "backlog_overdue" not in page and "backlog_case:" not in page
    assert Alert.objects.filter(kind="backlog_overdue").count() == 1

"""Screening's part of the unit assessment: late reports, and level-skipping
petitions the unit had reported beforehand in its screening."""

from datetime import date

from supervision.assessment import assessment_recompute
from supervision.models import AssessmentScore
from tests.builders import file_report, item, make_period, register


def _month_score(unit, month):
    return AssessmentScore.objects.get(org_unit=unit, period_kind="month", year=2026,
                                       period=month)


def test_a_late_report_costs_a_point_traced_to_the_report(clerk, t01, t02):
    october = make_period(2026, 10)
    report = file_report(actor=clerk, period=october, unit=t01, on=date(2026, 10, 27))
    assert report.late
    assessment_recompute(as_of=date(2026, 10, 31))
    score = _month_score(t01, 10)
    assert float(score.score) == 99.0
    assert [(d["rule"], d["points"], d["ref"]) for d in score.deductions] == [
        ("report_late", -1.0, f"screening_report:{report.pk}")]
    assert float(_month_score(t02, 10).score) == 100.0


def test_an_on_time_report_costs_nothing(clerk, t01):
    october = make_period(2026, 10)
    file_report(actor=clerk, period=october, unit=t01, on=date(2026, 10, 25))
    assessment_recompute(as_of=date(2026, 10, 31))
    assert _month_score(t01, 10).deductions == []


def test_a_level_skipping_petition_screened_beforehand_costs_nothing(clerk, t01, t02, outsider):
    september = make_period(2026, 9)
    # T01 reported a land dispute in September's screening, filed 09-20.
    file_report(actor=clerk, period=september, unit=t01, on=date(2026, 9, 20), zero=False,
                items=[item(category="land_demolition", risk_level="high")])
    excused = register(clerk, t01, ids=(1,), level="national", category="land_demolition",
                       received_on=date(2026, 10, 9))
    unscreened = register(outsider, t02, ids=(2,), level="province",
                          category="land_demolition", received_on=date(2026, 10, 9))
    assert excused.is_level_skipping
    assert unscreened.is_level_skipping
    assessment_recompute(as_of=date(2026, 10, 31))
    assert not [d for d in _month_score(t01, 10).deductions
                if d["rule"] == "level_skipping_unreported"]
    t02_rules = [(d["rule"], d["ref"]) for d in _month_score(t02, 10).deductions]
    assert ("level_skipping_unreported", f"petition:{unscreened.pk}") in t02_rules


def test_screening_another_category_does_not_excuse(clerk, t01):
    september = make_period(2026, 9)
    file_report(actor=clerk, period=september, unit=t01, on=date(2026, 9, 20), zero=False,
                items=[item(category="environment")])
    p = register(clerk, t01, ids=(3,), level="national", category="land_demolition",
                 received_on=date(2026, 10, 9))
    assessment_recompute(as_of=date(2026, 10, 31))
    assert ("level_skipping_unreported", f"petition:{p.pk}") in [
        (d["rule"], d["ref"]) for d in _month_score(t01, 10).deductions]

from datetime import date

import pytest

from alerts.models import Alert
from supervision import assessment
from supervision.assessment import assessment_recompute
from supervision.models import AssessmentRule, AssessmentScore, Notice
from tests.builders import petition_row


def petition(unit, *, received_on, level_skipping=False):
    """A petition presented at province level (level-skipping or not)."""
    return petition_row(unit, received_on=received_on, level="province", status="registered",
                        skipping=level_skipping)


def alert(kind, unit, target_type, target_id, raised_on):
    return Alert.objects.create(kind=kind, org_unit=unit, target_type=target_type,
                                target_id=target_id, due_on=raised_on, raised_on=raised_on)


def score(unit, kind="month", period=10, year=2026):
    return AssessmentScore.objects.get(org_unit=unit, period_kind=kind, period=period, year=year)


@pytest.fixture
def world(t01, t02, d01, t01_village, supervisor):
    """T01: two overdue petition steps (one in a village), a missing report, an
    overdue order, a notice and an unreported level-skipping petition; T02: a
    level-skipping petition it had reported; D01: nothing."""
    p1 = petition(t01, received_on=date(2026, 8, 1))
    p2 = petition(t01_village, received_on=date(2026, 8, 2))
    alert("petition_overdue", t01, "petition", p1.pk, date(2026, 10, 3))
    alert("petition_overdue", t01_village, "petition", p2.pk, date(2026, 10, 20))
    alert("petition_overdue", t01, "petition", p1.pk, date(2026, 9, 30))  # September
    alert("report_missing", t01, "screening_period", 11, date(2026, 10, 6))
    alert("supervision_overdue", t01, "supervision_order", 5, date(2026, 10, 13))
    notice = Notice.objects.create(org_unit=t01, title="通报", body="b",
                                   published_on=date(2026, 10, 15))
    skipping = petition(t01, received_on=date(2026, 10, 8), level_skipping=True)
    reported = petition(t02, received_on=date(2026, 10, 9), level_skipping=True)
    return {"p1": p1, "p2": p2, "notice": notice, "skipping": skipping, "reported": reported}


@pytest.fixture
def t02_reported_beforehand(world):
    """Stands in for the screening app's hook: T02's matter was in its screening."""
    def hook(petitions):
        return {world["reported"].pk} & {row[0] for row in petitions}
    assessment.reported_beforehand_hook(hook)
    yield
    assessment._reported_beforehand.remove(hook)


def test_each_deduction_is_traced_to_its_record(world, t01, t02_reported_beforehand):
    assessment_recompute(as_of=date(2026, 10, 31))
    october = score(t01)
    refs = sorted((d["rule"], d["points"], d["ref"]) for d in october.deductions)
    assert refs == sorted([
        ("petition_overdue", -1.0, f"petition:{world['p1'].pk}"),
        ("petition_overdue", -1.0, f"petition:{world['p2'].pk}"),  # the village's counts
        ("report_missing", -3.0, "screening_period:11"),
        ("supervision_overdue", -2.0, "supervision_order:5"),
        ("notice", -5.0, f"notice:{world['notice'].pk}"),
        ("level_skipping_unreported", -2.0, f"petition:{world['skipping'].pk}"),
    ])
    assert october.score == 100 - 1 - 1 - 3 - 2 - 5 - 2


def test_a_level_skipping_petition_reported_beforehand_costs_nothing(
        world, t02, d01, t02_reported_beforehand):
    assessment_recompute(as_of=date(2026, 10, 31))
    assert score(t02).deductions == []
    assert score(t02).score == 100


def test_ties_share_a_rank(world, t01, t02, d01, t02_reported_beforehand):
    assessment_recompute(as_of=date(2026, 10, 31))
    assert (score(t02).rank, score(d01).rank, score(t01).rank) == (1, 1, 3)


def test_quarter_and_year_add_up_the_months(world, t01, t02_reported_beforehand):
    assessment_recompute(as_of=date(2026, 10, 31))
    assert score(t01, "quarter", 4).score == score(t01).score
    # The year also holds September's overdue step.
    assert score(t01, "year", 0).score == score(t01).score - 1


def test_weights_are_the_admins(world, t01, t02_reported_beforehand):
    AssessmentRule.objects.filter(code="notice").update(points=-10)
    AssessmentRule.objects.filter(code="report_missing").update(active=False)
    assessment_recompute(as_of=date(2026, 10, 31))
    assert score(t01).score == 100 - 1 - 1 - 2 - 10 - 2


def test_recompute_is_idempotent(world, t02_reported_beforehand):
    assert assessment_recompute(as_of=date(2026, 10, 31))
    assert assessment_recompute(as_of=date(2026, 10, 31)) == []
    assert AssessmentScore.objects.filter(period_kind="month").count() == 3

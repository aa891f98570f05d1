"""A hand-made world whose every dashboard figure is known in advance.

Dates are fixed: "today" is 2026-11-18 (a Wednesday) everywhere the dashboard asks.
"""

from datetime import date, timedelta
from decimal import Decimal
from itertools import count

import pytest

from backlog.models import BacklogCase, Campaign
from dashboards.selectors import figures_changed
from petitions.models import Petition
from screening.models import ScreeningPeriod, ScreeningReport
from supervision.models import AssessmentScore, SupervisionOrder
from tests.conftest import pin_clock

TODAY = date(2026, 11, 18)
_numbers = count(1)


@pytest.fixture(autouse=True)
def _today_and_cold_cache(time_machine):
    # A new generation, not cache.clear(): the test Redis may be shared with others.
    figures_changed()
    pin_clock(time_machine, TODAY)


def petition(unit, *, received_on, channel="visit", category="environment", current_due=None,
             skipping=False, collective=False, title="河道污染", status="assigned"):
    return Petition.objects.create(
        number=f"XF-D-{next(_numbers):06d}", channel=channel, received_on=received_on,
        org_unit=unit, category=category, title=title, content="c", level="local",
        is_level_skipping=skipping, is_collective=collective, status=status,
        acceptance_due=received_on, current_due=current_due, responsible_unit=unit)


def order(unit, *, due_on, status="open"):
    return SupervisionOrder.objects.create(
        number=f"DB-{next(_numbers):05d}", target_type="petition", target_id=1, org_unit=unit,
        level="general", due_on=due_on, instructions="限期办结", status=status,
        issued_on=due_on - timedelta(days=10))


@pytest.fixture
def world(t01, t02, t01_village, d01, leader, city_officer):
    """T01: 3 overdue petitions (one of them in its village), 1 due in 2 working days;
    T02: 1 overdue. Volumes: 2026 = 6 in T01 family + 2 in T02, 2025 = 3."""
    # Overdue (current_due before TODAY).
    petition(t01, received_on=date(2026, 3, 2), current_due=date(2026, 4, 1), skipping=True)
    petition(t01, received_on=date(2026, 3, 5), current_due=date(2026, 11, 17), channel="letter")
    petition(t01_village, received_on=date(2026, 5, 9), current_due=date(2026, 11, 1),
             collective=True)
    petition(t02, received_on=date(2026, 5, 10), current_due=date(2026, 10, 1), skipping=True,
             category="labor_social_security")
    # Due soon (within 3 working days: Thu 19th, Fri 20th, Mon 23rd) and later.
    petition(t01, received_on=date(2026, 11, 2), current_due=date(2026, 11, 20),
             title="=HYPERLINK(1)")
    petition(t01, received_on=date(2026, 11, 3), current_due=date(2026, 12, 30))
    # Closed this year and last year's petitions.
    petition(t01, received_on=date(2026, 1, 15), status="closed", channel="online")
    petition(t02, received_on=date(2026, 1, 20), status="closed")
    for day in (date(2025, 3, 1), date(2025, 3, 9), date(2025, 7, 1)):
        petition(t01, received_on=day, status="closed")

    # Backlog: T01 two cases (one resolved), T02 one verified.
    campaign = Campaign.objects.create(name="积案化解年", year=2026, starts_on=date(2026, 1, 1),
                                       ends_on=date(2026, 12, 31))
    BacklogCase.objects.create(campaign=campaign, title="老街拆迁", org_unit=t01, leader=leader,
                               due_on=date(2026, 12, 31), status="in_progress",
                               assigned_on=date(2026, 2, 1))
    BacklogCase.objects.create(campaign=campaign, title="工资拖欠", org_unit=t01, leader=leader,
                               due_on=date(2026, 12, 31), status="resolved",
                               assigned_on=date(2026, 3, 1), resolved_on=date(2026, 6, 1))
    BacklogCase.objects.create(campaign=campaign, title="土地确权", org_unit=t02, leader=leader,
                               due_on=date(2026, 12, 31), status="verified",
                               assigned_on=date(2026, 3, 1), resolved_on=date(2026, 5, 1),
                               verified_on=date(2026, 5, 20))

    # Supervision: T01 one open overdue + one open not yet due; T02 one closed.
    order(t01, due_on=date(2026, 11, 10))
    order(t01, due_on=date(2026, 11, 30))
    order(t02, due_on=date(2026, 11, 1), status="closed")

    # Screening: periods Jan..Nov; T01 filed every due month on time, T02 none.
    from django.utils import timezone
    for month in range(1, 12):
        period = ScreeningPeriod.objects.create(
            year=2026, month=month, opens_on=date(2026, month, 1),
            due_on=date(2026, month, 5), locks_on=date(2026, month, 25))
        if month <= 10:
            ScreeningReport.objects.create(
                period=period, org_unit=t01, status="submitted", zero_report=True,
                first_submitted_at=timezone.make_aware(timezone.datetime(2026, month, 3)))

    # Assessment: October (the latest month) T02 first, T01 second; September older.
    AssessmentScore.objects.create(org_unit=t02, period_kind="month", year=2026, period=10,
                                   score=Decimal("98.0"), rank=1)
    AssessmentScore.objects.create(org_unit=t01, period_kind="month", year=2026, period=10,
                                   score=Decimal("91.5"), rank=2)
    AssessmentScore.objects.create(org_unit=t01, period_kind="month", year=2026, period=9,
                                   score=Decimal("80.0"), rank=1)
    return campaign

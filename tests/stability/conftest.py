"""A risk matter and a high-risk screening item of T01 (builders: tests/builders.py)."""

from datetime import timedelta

import pytest

from core.dates import local_today
from tests.builders import make_matter


@pytest.fixture
def matter(clerk, t01, leader):
    return make_matter(actor=clerk, unit=t01, leader=leader)


@pytest.fixture
def high_item(clerk, t01):
    """A high-risk item of T01's screening report for this month."""
    from screening.models import ScreeningPeriod
    from screening.services import ItemData, screening_report_create
    today = local_today()
    period = ScreeningPeriod.objects.create(
        year=today.year, month=today.month, opens_on=today.replace(day=1),
        due_on=today + timedelta(days=10), locks_on=today + timedelta(days=15))
    report = screening_report_create(
        actor=clerk, period=period, org_unit=t01, zero_report=False,
        items=[ItemData(category="environment", description="工业园企业夜间异味扰民",
                        parties="周边两个小区居民", people_involved=80, risk_level="high",
                        measures="督促企业整改", resolved=False)])
    return report.items.get()

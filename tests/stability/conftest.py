from datetime import timedelta

import pytest

from core.dates import local_today
from stability import services


def days_ago(n):
    return local_today() - timedelta(days=n)


def make_matter(*, actor, unit, leader, risk_level="high", title="东风村征地补偿款分配争议",
                opened_days_ago=30, **extra):
    fields = {"category": "land_demolition", "people_involved": "三组约40户村民",
              "plan": "包案领导牵头，核实补偿标准。", **extra}
    return services.matter_create(actor=actor, title=title, org_unit=unit, leader=leader,
                                  risk_level=risk_level, opened_on=days_ago(opened_days_ago),
                                  **fields)


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

from datetime import timedelta

import pytest

from common.dates import local_today
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

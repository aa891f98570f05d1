from datetime import date

import pytest

from supervision import services


@pytest.fixture
def risk_matter(supervisor, t01, leader):
    """A T01 stability risk matter for orders to target (stability is merged now)."""
    from stability.services import matter_create
    return matter_create(actor=supervisor, title="东风村征地补偿款分配争议",
                         category="land_demolition", org_unit=t01, risk_level="high",
                         people_involved="三组约40户村民", leader=leader)


@pytest.fixture
def make_order(supervisor, t01, risk_matter):
    def make(**overrides):
        args = {"actor": supervisor, "target_type": "stability_matter",
                "target_id": risk_matter.pk,
                "org_unit": t01, "level": "key", "due_on": date(2026, 10, 12),
                "instructions": "请于期限内反馈", "today": date(2026, 9, 28)}
        args.update(overrides)
        return services.order_create(**args)
    return make


@pytest.fixture
def order(make_order):
    return make_order()

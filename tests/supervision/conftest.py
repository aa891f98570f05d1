from datetime import date

import pytest

from supervision import services


@pytest.fixture
def make_order(supervisor, t01):
    def make(**overrides):
        args = {"actor": supervisor, "target_type": "stability_matter", "target_id": 7,
                "org_unit": t01, "level": "key", "due_on": date(2026, 10, 12),
                "instructions": "请于期限内反馈", "today": date(2026, 9, 28)}
        args.update(overrides)
        return services.order_create(**args)
    return make


@pytest.fixture
def order(make_order):
    return make_order()

"""A hand-made world whose every dashboard figure is known in advance.

Dates are fixed: "today" is 2026-11-18 (a Wednesday) everywhere the dashboard asks.
"""


import pytest

from dashboards.selectors import figures_changed
from tests.builders import TODAY, dashboard_world, pin_clock


@pytest.fixture(autouse=True)
def _today_and_cold_cache(time_machine):
    # A new generation, not cache.clear(): the test Redis may be shared with others.
    figures_changed()
    pin_clock(time_machine, TODAY)


@pytest.fixture
def world(t01, t02, t01_village, d01, leader, city_officer):
    """T01: 3 overdue petitions (one of them in its village), 1 due in 2 working days;
    T02: 1 overdue. Volumes: 2026 = 6 in T01 family + 2 in T02, 2025 = 3."""
    return dashboard_world(t01, t02, t01_village, d01, leader)

"""October's screening period (the builders are tests/builders.py's)."""


import pytest

from tests.builders import make_period


@pytest.fixture
def october():
    return make_period(2026, 10)



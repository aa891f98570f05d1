"""A registered petition (the builders are tests/builders.py's)."""

import pytest

from tests.builders import register


@pytest.fixture
def petition(clerk, t01):
    return register(clerk, t01)

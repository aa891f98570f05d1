"""The backlog world: T02's leader (the campaign and the case are tests/conftest.py's)."""

import pytest

from accounts import roles
from tests.builders import make_user


@pytest.fixture
def t02_leader(t02):
    return make_user("leader_T02", t02, roles.LEADER)

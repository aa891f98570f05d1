"""The backlog world: a campaign, T01's leader in charge, builders for cases."""

from datetime import timedelta

import pytest

from accounts import roles
from backlog import services
from core.dates import local_today
from petitions.models import Petition
from tests.conftest import make_user


@pytest.fixture
def campaign(city_officer, today):
    return services.campaign_create(actor=city_officer, name="积案化解年", year=today.year,
                                    starts_on=today - timedelta(days=30),
                                    ends_on=today + timedelta(days=180),
                                    launched_by_meeting="联席会议")


@pytest.fixture
def t02_leader(t02):
    return make_user("leader_T02", t02, roles.LEADER)


def make_case(actor, campaign, unit, leader, *, title="老街拆迁补偿遗留问题", due_in=60,
              petition=None, assigned_ago=10):
    today = local_today()
    return services.case_create(actor=actor, campaign=campaign, title=title, org_unit=unit,
                                leader=leader, due_on=today + timedelta(days=due_in),
                                petition=petition,
                                assigned_on=today - timedelta(days=assigned_ago))


@pytest.fixture
def case(city_officer, campaign, t01, leader):
    return make_case(city_officer, campaign, t01, leader)


_numbers = iter(range(1, 100000))


def make_petition(unit, *, status="assigned", received_on, handling_due=None, title="河道污染"):
    return Petition.objects.create(
        number=f"XF-{received_on.year}-{next(_numbers):06d}", channel="visit",
        received_on=received_on, org_unit=unit, category="environment", title=title,
        content="工厂排污", level="local", status=status, acceptance_due=received_on,
        handling_due=handling_due)

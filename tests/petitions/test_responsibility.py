"""Issue 18, item 1: each step of a petition has a responsible unit, kept by the services
in the step's own transaction; flag_overdue charges the unit of the late step."""

from datetime import date
from unittest import mock

import pytest

from accounts import roles
from alerts.models import Alert
from core.jobs import run_job
from petitions import services as sv
from petitions.models import Petition
from tests.builders import make_user, register

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 9, 16)  # acceptance due 2026-10-08 (National Day holiday)


@pytest.fixture(autouse=True)
def _pinned_today():
    with mock.patch("petitions.services.local_today", return_value=date(2026, 9, 18)):
        yield


@pytest.fixture
def city_clerk(city):
    return make_user("clerk_C00", city, roles.CLERK)


def _handed_over(actor, city, township, **kw):
    p = register(actor, city, received_on=RECEIVED, **kw)
    sv.petition_accept(petition_id=p.pk, actor=actor, on=date(2026, 9, 18))
    return sv.petition_assign(petition_id=p.pk, actor=actor, org_unit=township)


def test_acceptance_is_the_registering_units_and_handling_the_handling_units(
        city_clerk, city, t01):
    p = register(city_clerk, city, received_on=RECEIVED)
    assert p.responsible_unit == city
    p = sv.petition_accept(petition_id=p.pk, actor=city_clerk, on=date(2026, 9, 18))
    assert Petition.objects.get(pk=p.pk).responsible_unit == city  # not handed over yet
    sv.petition_assign(petition_id=p.pk, actor=city_clerk, org_unit=t01)
    assert Petition.objects.get(pk=p.pk).responsible_unit == t01
    sv.petition_reply(petition_id=p.pk, actor=city_clerk, on=date(2026, 9, 18), opinion="已答复")
    assert Petition.objects.get(pk=p.pk).responsible_unit == t01


def test_a_declined_petition_stays_the_registering_units(city_clerk, city):
    p = register(city_clerk, city, received_on=RECEIVED)
    sv.petition_decline(petition_id=p.pk, actor=city_clerk, on=date(2026, 9, 18),
                        reason="不属于信访事项")
    assert Petition.objects.get(pk=p.pk).responsible_unit == city


def test_a_forwarded_petition_is_the_receiving_agencys(city_clerk, city):
    p = register(city_clerk, city, received_on=RECEIVED)
    sv.petition_forward(petition_id=p.pk, actor=city_clerk, on=date(2026, 9, 18),
                        agency="市自然资源局")
    p.refresh_from_db()
    assert (p.responsible_unit, p.forward_agency, p.current_due) == (None, "市自然资源局", None)


def test_an_overdue_handling_step_alerts_the_township_that_holds_it(city_clerk, city, t01):
    p = _handed_over(city_clerk, city, t01)  # handling due 2026-11-17
    assert p.current_due == date(2026, 11, 17)
    assert run_job("flag_overdue", as_of=date(2026, 11, 18)) == [
        f"petition_overdue {p.number}"]
    alert = Alert.objects.get(kind="petition_overdue", target_id=p.pk)
    assert (alert.org_unit, alert.due_on) == (t01, date(2026, 11, 17))


def test_an_overdue_acceptance_alerts_the_registering_unit(city_clerk, city):
    p = register(city_clerk, city, received_on=RECEIVED)
    run_job("flag_overdue", as_of=date(2026, 10, 9))
    assert Alert.objects.get(target_id=p.pk).org_unit == city


def test_forwarding_stops_the_registering_units_clock(city_clerk, city):
    p = register(city_clerk, city, received_on=RECEIVED)
    sv.petition_forward(petition_id=p.pk, actor=city_clerk, on=date(2026, 9, 18),
                        agency="市自然资源局")
    assert run_job("flag_overdue", as_of=date(2027, 1, 4)) == []
    assert not Alert.objects.filter(target_id=p.pk).exists()


def test_the_step_unit_rule_matches_the_stored_column_after_every_step(city_clerk, city, t01):
    p = _handed_over(city_clerk, city, t01)
    stored = Petition.objects.values_list("responsible_unit_id", flat=True).get(pk=p.pk)
    assert stored == Petition.objects.get(pk=p.pk).step_unit_id() == t01.pk


def test_the_petition_page_names_the_unit_of_the_current_step(client, city_clerk, city, t01):
    p = _handed_over(city_clerk, city, t01)
    forwarded = register(city_clerk, city, received_on=RECEIVED, ids=(2,))
    sv.petition_forward(petition_id=forwarded.pk, actor=city_clerk, on=date(2026, 9, 18),
                        agency="市自然资源局")
    client.force_login(city_clerk)
    page = client.get(f"/petitions/{p.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "当前环节责任单位" in page and '<dd class="col-8" data-testid="step-unit">城关镇' in page
    page = client.get(f"/petitions/{forwarded.pk}/").content.decode()
    assert 'data-testid="step-unit">市自然资源局' in page

"""Issue 18, the scenario: the city registers three petitions on 2026-09-16 and
  A leaves it unaccepted (acceptance due 2026-10-08, after the National Day holiday),
  B accepts it on 09-18 and hands it over to 城关镇 (T01) (handling due 2026-11-17),
  C forwards it on 09-18 to another agency (市自然资源局).
Every deadline passes; on 2026-11-18 the jobs run. Each lateness lands on the unit
responsible for the late step: alerts, to-dos, deductions and the overdue chart."""

from datetime import date
from unittest import mock

import pytest
from django.urls import reverse

from accounts import roles
from alerts.models import Alert
from core.jobs import run_job
from dashboards.selectors import todo_for
from petitions import services as sv
from supervision.models import AssessmentScore
from tests.builders import TODAY, make_user, register
from tests.dashboards.test_figures import charts, series

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_clerk(city):
    return make_user("clerk_C00", city, roles.CLERK)


@pytest.fixture
def story(city_clerk, city, t01, t02, d01):
    with mock.patch("petitions.services.local_today", return_value=date(2026, 9, 18)):
        a = register(city_clerk, city, received_on=date(2026, 9, 16), ids=(1,))
        b = register(city_clerk, city, received_on=date(2026, 9, 16), ids=(2,))
        sv.petition_accept(petition_id=b.pk, actor=city_clerk, on=date(2026, 9, 18))
        b = sv.petition_assign(petition_id=b.pk, actor=city_clerk, org_unit=t01)
        c = register(city_clerk, city, received_on=date(2026, 9, 16), ids=(3,))
        sv.petition_forward(petition_id=c.pk, actor=city_clerk, on=date(2026, 9, 18),
                            agency="市自然资源局")
    assert (a.acceptance_due, b.handling_due) == (date(2026, 10, 8), date(2026, 11, 17))
    # The daily jobs: October scored in October, then the morning of TODAY.
    run_job("recompute_assessment", as_of=date(2026, 10, 31))
    run_job("flag_overdue", as_of=TODAY)
    run_job("recompute_assessment", as_of=TODAY)
    return {"a": a, "b": b, "c": c}


def test_alerts_land_on_the_unit_of_the_late_step(story, city, t01):
    alerts = {(a.target_id, a.org_unit_id, a.due_on)
              for a in Alert.objects.filter(kind="petition_overdue")}
    assert alerts == {(story["a"].pk, city.pk, date(2026, 10, 8)),   # acceptance: the city
                      (story["b"].pk, t01.pk, date(2026, 11, 17))}   # handling: 城关镇
    # The forwarded case stopped the city's clock: no alert.
    assert not Alert.objects.filter(target_id=story["c"].pk).exists()


def test_todos_list_the_steps_each_unit_answers_for(story, city_clerk, clerk, outsider):
    def overdue(user):
        return [p.number for p in todo_for(user=user, today=TODAY)["overdue"]]

    assert overdue(clerk) == [story["b"].number]           # 城关镇 handles B
    assert overdue(city_clerk) == [story["a"].number]      # the city still owes A's acceptance
    assert overdue(outsider) == []


def test_deductions_are_charged_to_the_township_that_holds_the_case(story, t01, t02, d01):
    november = AssessmentScore.objects.get(org_unit=t01, period_kind="month", year=2026,
                                           period=11)
    assert [(d["rule"], d["points"], d["ref"], d["label"]) for d in november.deductions] == [
        ("petition_overdue", -1.0, f"petition:{story['b'].pk}",
         f"{story['b'].number} 2026-11-17")]
    assert november.score == 99 and november.rank == 3
    # The city is not assessed; the other units and the forwarded case cost nothing,
    # and A's late acceptance is no township's.
    refs = {d["ref"] for s in AssessmentScore.objects.filter(year=2026) for d in s.deductions}
    assert refs == {f"petition:{story['b'].pk}"}
    assert {s.org_unit_id for s in AssessmentScore.objects.filter(score__lt=100)} == {t01.pk}


def test_the_overdue_chart_counts_each_step_under_its_unit(client, story, city_officer, clerk):
    client.force_login(city_officer)
    page = client.get(reverse("home"))
    units = page.context["figures"]["overdue"]["units"]
    assert {(u["code"], u["n"]) for u in units} == {("C00", 1), ("T01", 1)}
    chart = charts(page)["overdue"]
    t01_link = chart["links"][chart["categories"].index("城关镇")]
    listed = client.get(t01_link)
    assert [p.number for p in listed.context["page"].object_list] == [story["b"].number]

    client.force_login(clerk)
    assert series(charts(client.get(reverse("home")))["overdue"]) == {"城关镇（本级）": 1}

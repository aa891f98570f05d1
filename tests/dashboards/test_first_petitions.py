"""First petitions (初信初访) as the first line of defence (issue 20, item 6): on-time
share, resolution (closed satisfied, no repeat within six months) and the repeat rate by
unit, on the city and unit dashboards; assessment rules weighted 0 until the city sets one."""

from datetime import date
from itertools import count

import pytest
from django.urls import reverse

from petitions.models import Petition
from supervision.assessment import assessment_recompute
from supervision.models import AssessmentRule, AssessmentScore
from tests.builders import client_for, pin_clock

_numbers = count(1)
TODAY = date(2026, 11, 18)


def petition(unit, received_on, *, first=True, repeat_of=None, accepted_on=None,
             replied_on=None, closed_on=None, satisfaction="", handling_due=None):
    return Petition.objects.create(
        number=f"XF-F-{next(_numbers):06d}", channel="visit", received_on=received_on,
        org_unit=unit, category="environment", title="河道污染", content="c", level="local",
        is_first=first, is_repeat=repeat_of is not None, repeat_of=repeat_of,
        acceptance_due=date(received_on.year, received_on.month, 28),
        accepted_on=accepted_on, handling_due=handling_due, replied_on=replied_on,
        closed_on=closed_on, satisfaction=satisfaction, status="closed" if closed_on else "accepted")


@pytest.fixture
def firsts(t01, t02, time_machine):
    """T01: four first petitions; two on time, one late reply, one not yet due.
    One closed satisfied and never repeated (resolved); one closed satisfied but
    repeated within 6 months (not resolved). T02: one first petition, no repeat."""
    pin_clock(time_machine, TODAY)
    a = petition(t01, date(2026, 2, 2), accepted_on=date(2026, 2, 5),
                 handling_due=date(2026, 4, 6), replied_on=date(2026, 3, 1),
                 closed_on=date(2026, 4, 10), satisfaction="satisfied")
    b = petition(t01, date(2026, 3, 2), accepted_on=date(2026, 3, 5),
                 handling_due=date(2026, 5, 4), replied_on=date(2026, 4, 1),
                 closed_on=date(2026, 5, 10), satisfaction="basically_satisfied")
    petition(t01, date(2026, 3, 9), accepted_on=date(2026, 3, 10),
             handling_due=date(2026, 5, 11), replied_on=date(2026, 6, 1))  # late reply
    petition(t01, date(2026, 11, 2), accepted_on=date(2026, 11, 3),
             handling_due=date(2027, 1, 4))  # not yet due: not counted either way
    petition(t01, date(2026, 8, 3), first=False, repeat_of=b)  # within 6 months of closing
    petition(t02, date(2026, 4, 1), accepted_on=date(2026, 4, 2),
             handling_due=date(2026, 6, 1), replied_on=date(2026, 5, 1))
    return a, b


def test_the_city_dashboard_shows_the_first_petition_figures(client, city_officer, firsts):
    page = client_for(client, city_officer).get(reverse("home"))
    first = page.context["figures"]["first"]
    # Due: a, b, the late one (T01) and T02's: 3 of 4 on time.
    assert (first["on_time"], first["due"], first["on_time_rate"]) == (3, 4, 75.0)
    # Closed: a and b; b was repeated within six months.
    assert (first["resolved"], first["closed"], first["resolution_rate"]) == (1, 2, 50.0)
    by_unit = {u["code"]: u for u in first["by_unit"]}
    assert (by_unit["T01"]["repeats"], by_unit["T01"]["n"], by_unit["T01"]["repeat_rate"]) == (
        1, 5, 20.0)
    assert by_unit["T02"]["repeat_rate"] == 0.0
    html = page.content.decode()
    assert 'data-testid="first-petitions"' in html and "初信初访" in html
    assert "75.0%" in html.split('data-testid="first-on-time">')[1].split("</div>")[0]


def test_a_unit_dashboard_shows_its_own_first_petitions(client, clerk, outsider, firsts):
    first = client_for(client, clerk).get(reverse("home")).context["figures"]["first"]
    assert (first["on_time"], first["due"], first["resolved"], first["closed"]) == (2, 3, 1, 2)
    other = client_for(client, outsider).get(reverse("home")).context["figures"]["first"]
    assert (other["on_time"], other["due"], other["closed"]) == (1, 1, 0)


def test_the_assessment_rules_weigh_nothing_until_the_city_sets_a_weight(t01, t02, firsts):
    rules = AssessmentRule.objects.filter(code__startswith="first_petition_")
    assert set(rules.values_list("code", "points")) == {("first_petition_late", 0),
                                                         ("first_petition_repeated", 0)}
    assessment_recompute(as_of=TODAY)
    year = AssessmentScore.objects.get(org_unit=t01, period_kind="year", period=0, year=2026)
    assert not [d for d in year.deductions if d["rule"].startswith("first_petition_")]
    rules.update(points=-1)
    assessment_recompute(as_of=TODAY)
    year = AssessmentScore.objects.get(org_unit=t01, period_kind="year", period=0, year=2026)
    mine = sorted((d["rule"], d["on"]) for d in year.deductions
                  if d["rule"].startswith("first_petition_"))
    assert mine == [("first_petition_late", "2026-06-01"), ("first_petition_repeated", "2026-08-03")]


def _resolved(user) -> tuple[int, int]:
    from accounts.scoping import units_for
    from dashboards.selectors import DashboardFilters, petition_panels

    flt = DashboardFilters(start=date(2026, 1, 1), end=TODAY, unit=None)
    first = petition_panels(user, flt, TODAY, list(units_for(user)))["first"]
    return first["resolved"], first["closed"]


def test_a_later_repeat_unresolves_the_earlier_first_petition_in_the_rollups(
        city_officer, t01, time_machine):
    """The dashboards read resolution from the rollups (issue 21): a repeat received
    within six months of the first petition's closing makes it unresolved, whenever
    the repeat is registered, moved, voided or deleted, and whenever the first
    petition's closing day moves (first_repeat_on, kept by a trigger)."""
    from dashboards.rollups import rollups_differences

    pin_clock(time_machine, TODAY)
    a = petition(t01, date(2026, 2, 2), accepted_on=date(2026, 2, 5),
                 handling_due=date(2026, 4, 6), replied_on=date(2026, 3, 1),
                 closed_on=date(2026, 4, 10), satisfaction="satisfied")
    assert _resolved(city_officer) == (1, 1)
    repeat = petition(t01, date(2026, 8, 3), first=False, repeat_of=a)  # within 183 days
    assert _resolved(city_officer) == (0, 1)
    Petition.objects.filter(pk=repeat.pk).update(received_on=date(2026, 10, 20))  # after
    assert _resolved(city_officer) == (1, 1)
    Petition.objects.filter(pk=a.pk).update(closed_on=date(2026, 5, 1))  # the window moves
    assert _resolved(city_officer) == (0, 1)
    Petition.objects.filter(pk=repeat.pk).update(status="voided")  # counts nowhere
    assert _resolved(city_officer) == (1, 1)
    Petition.all_objects.filter(pk=repeat.pk).update(status="accepted")
    assert _resolved(city_officer) == (0, 1)
    Petition.all_objects.filter(pk=repeat.pk).delete()
    assert _resolved(city_officer) == (1, 1)
    assert rollups_differences() == {}


def test_a_save_of_a_stale_instance_keeps_the_repeat_day(city_officer, t01, time_machine):
    """first_repeat_on belongs to the database: saving an instance read before its
    repeat came does not make the first petition resolved again."""
    from dashboards.rollups import rollups_differences

    pin_clock(time_machine, TODAY)
    a = petition(t01, date(2026, 2, 2), closed_on=date(2026, 4, 10), satisfaction="satisfied")
    petition(t01, date(2026, 8, 3), first=False, repeat_of=a)
    assert _resolved(city_officer) == (0, 1)
    a.title = "河道污染（补正）"
    a.save()  # first_repeat_on is None in this instance
    a.refresh_from_db()
    assert a.first_repeat_on == date(2026, 8, 3)
    assert _resolved(city_officer) == (0, 1)
    assert rollups_differences() == {}

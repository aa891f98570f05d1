"""Dashboards are scoped like the lists; the to-do list; query budgets; the cache."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from dashboards.selectors import figures_changed
from tests.dashboards.test_figures import charts, series


def test_a_clerk_sees_only_the_figures_of_the_unit(client, clerk, world):
    client.force_login(clerk)
    page = client.get(reverse("home"))
    figures = page.context["figures"]
    # The village's petition rolls up into T01; T02's never appears.
    assert figures["overdue"]["total"] == 3
    assert "东城街道" not in series(charts(page)["overdue"])
    assert figures["volume"]["total_this_year"] == 6
    assert figures["supervision"] == {"open": 2, "overdue": 1}
    assert [r["code"] for r in figures["assessment"]["rows"]] == ["T01"]
    assert [r["code"] for r in figures["screening"]["rows"]] == ["T01"]
    assert figures["backlog"]["total"] == 2


def test_a_clerk_cannot_filter_on_another_unit(client, clerk, world):
    client.force_login(clerk)
    assert client.get(reverse("home"), {"unit": "T02"}).status_code == 404
    assert AuditEntry.objects.filter(action="denied_out_of_scope", actor=clerk).count() == 1
    assert client.get(reverse("home"), {"unit": "T01V01"}).status_code == 200


def test_the_unit_dashboard_lists_the_to_do_first(client, clerk, world):
    client.force_login(clerk)
    page = client.get(reverse("home"))
    body = page.content.decode()
    todo = page.context["todo"]
    assert [p.title for p in todo["due_soon"]] == ["=HYPERLINK(1)"]  # due in 2 working days
    assert len(todo["overdue"]) == 3
    assert 'data-testid="todo-overdue-count">3<' in body
    assert 'data-testid="todo-orders-count">2<' in body
    # Both of T01's cases: a resolved case stays open until the city verifies it.
    assert 'data-testid="todo-backlog-count">2<' in body
    # November's report is not filed: the link opens a new one.
    report = body.split('data-testid="todo-report"')[1][:400]
    assert reverse("screening:report_new") in report
    assert "2026-11-05" in report
    assert body.index('data-testid="todo"') < body.index('data-testid="dashboard-filter"')


def test_the_outsider_sees_none_of_t01(client, outsider, world):
    client.force_login(outsider)
    page = client.get(reverse("home"))
    assert page.context["figures"]["overdue"]["total"] == 1
    assert page.context["todo"]["orders"] == []
    assert "城关镇" not in series(charts(page)["overdue"])


# Cold cache, and counting the session's save (1 UPDATE, plus 2 savepoints inside a
# test's transaction). The admin's page adds the holiday-calendar check (1 query).
# 18 since issues 19-21 added three panels of one query each: first petitions (初信初访),
# leader receptions and the user's saved views; the rollups replaced the petition
# aggregates but 进京/越级 in the range is one aggregate of its own.
@pytest.mark.parametrize(("persona", "budget"), [("city_officer", 18), ("supervisor", 18),
                                                 ("admin_user", 19)])
def test_the_city_dashboard_stays_within_its_query_budget(client, request, persona, budget,
                                                         world, django_assert_max_num_queries):
    client.force_login(request.getfixturevalue(persona))
    with django_assert_max_num_queries(budget):
        assert client.get(reverse("home"), {"unit": "T01"}).status_code == 200
    figures_changed()  # cold again
    with django_assert_max_num_queries(budget):
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("persona", ["clerk", "leader"])
def test_the_unit_dashboard_query_budget(client, request, persona, world,
                                         django_assert_max_num_queries):
    client.force_login(request.getfixturevalue(persona))
    # The city's panels (less the saved views, which units have not), the user's own unit
    # (its path is the scope), the holiday calendar (for the 3-working-day limit) and the
    # to-do list's 4 (steps, report, orders, cases).
    with django_assert_max_num_queries(22):
        assert client.get(reverse("home")).status_code == 200


def test_the_cache_serves_a_repeat_and_is_keyed_by_scope(client, clerk, outsider, world,
                                                         django_assert_max_num_queries):
    client.force_login(clerk)
    client.get(reverse("home"))
    # Session read and save (3 in a test's transaction), user, roles, own unit, units,
    # calendar, to-do (4): none of the figures' queries.
    with django_assert_max_num_queries(13):
        again = client.get(reverse("home"))
    assert again.context["figures"]["overdue"]["total"] == 3
    client.force_login(outsider)
    assert client.get(reverse("home")).context["figures"]["overdue"]["total"] == 1


def test_a_write_makes_the_cached_figures_stale(client, city_officer, world, t01):
    from tests.builders import TODAY, petition_row

    client.force_login(city_officer)
    assert client.get(reverse("home")).context["figures"]["overdue"]["total"] == 4
    petition_row(t01, received_on=TODAY, current_due=TODAY.replace(day=1))
    assert client.get(reverse("home")).context["figures"]["overdue"]["total"] == 5

"""Issue 17, item 10: the city officer's to-do, counts linked to the filtered lists."""

from datetime import date

import pytest

from backlog.models import BacklogCase
from supervision.models import SupervisionOrder
from tests.builders import client_for, order_row, petition_row

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def card(html, testid):
    start = html.index(f'data-testid="{testid}"')
    return html[html.rindex("<a", 0, start):html.index("</a>", start)]


def test_the_city_officer_sees_what_waits_for_the_city(client, city_officer, world, t01):
    petition_row(t01, received_on=date(2026, 11, 16), status="registered")
    petition_row(t01, received_on=date(2026, 11, 17), status="registered")
    order_row(t01, due_on=date(2026, 11, 30), status="responded")
    escalated = order_row(t01, due_on=date(2026, 11, 1))
    SupervisionOrder.objects.filter(pk=escalated.pk).update(escalation="city_leadership")
    BacklogCase.objects.filter(pk__in=BacklogCase.objects.values("pk")[:1]).update(
        status="resolved")
    resolved = BacklogCase.objects.filter(status="resolved").count()
    html = client_for(client, city_officer).get("/", **ZH).content.decode()
    todo = html[html.index('data-testid="city-todo"'):]
    accept = card(todo, "todo-accept")
    assert 'href="/petitions/?status=registered"' in accept and "待受理信访事项" in accept
    assert ">2<" in accept
    verify = card(todo, "todo-verify")
    assert 'href="/backlog/?status=resolved"' in verify and f">{resolved}<" in verify
    close = card(todo, "todo-close")
    assert 'href="/supervision/?status=responded"' in close and ">1<" in close
    escalations = card(todo, "todo-escalated")
    assert 'href="/supervision/?view=escalated"' in escalations and ">1<" in escalations
    listed = client.get("/supervision/?view=escalated", **ZH).content.decode()
    assert escalated.number in listed


@pytest.mark.parametrize("extra", [0, 5])
def test_the_city_to_do_costs_the_same_queries_whatever_the_numbers(
        client, city_officer, world, t01, extra, django_assert_max_num_queries):
    for _ in range(extra):
        petition_row(t01, received_on=date(2026, 11, 16), status="registered")
        order_row(t01, due_on=date(2026, 11, 30), status="responded")
    client_for(client, city_officer)
    # The city dashboard's queries (tests/dashboards/test_scoping.py) and the to-do's one
    # query of five counts, the same with 0 and 5 waiting records.
    with django_assert_max_num_queries(18):
        assert client.get("/", **ZH).status_code == 200

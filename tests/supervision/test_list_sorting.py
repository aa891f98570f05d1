"""The orders list sorts by its columns (issue 19, item 3)."""

from datetime import date

from tests.builders import client_for


def _order(html: str, texts: list[str]) -> list[str]:
    """The given texts in the order the page shows them."""
    return sorted(texts, key=html.index)


def test_the_orders_list_sorts_by_due_date(client, supervisor, clerk, make_order):
    first = make_order(due_on=date(2026, 10, 20))
    second = make_order(due_on=date(2026, 10, 5))
    for user in (supervisor, clerk):
        client_for(client, user)
        html = client.get("/supervision/?sort=due").content.decode()
        assert _order(html, [first.number, second.number]) == [second.number, first.number]
        html = client.get("/supervision/?sort=-due").content.decode()
        assert _order(html, [first.number, second.number]) == [first.number, second.number]
        html = client.get(f"/supervision/orders/{first.pk}/").content.decode()
        assert '/supervision/?sort=-due" data-testid="back-to-list"' in html


def test_the_orders_list_filters_by_the_units_name(client, supervisor, make_order, t01):
    order = make_order()
    client_for(client, supervisor)
    html = client.get("/supervision/", {"org_unit": "城关镇"}).content.decode()
    assert order.number in html
    assert 'data-unit-picker' in html and "城关镇（T01）" in html
    assert order.number not in client.get("/supervision/", {"org_unit": "东城"}).content.decode()

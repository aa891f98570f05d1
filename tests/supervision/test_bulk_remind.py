"""The supervisor reminds several units at once (issue 19, item 5)."""

from datetime import date

from alerts.models import Notification
from supervision import services
from supervision.models import SupervisionEvent
from tests.builders import client_for


def test_the_supervisor_reminds_several_units_each_order_with_its_event(
        client, supervisor, clerk, make_order, d01, t01, today):
    a = make_order()
    b = make_order(org_unit=d01, confirm_reason="由市住建局牵头办理")
    answered = make_order()
    services.order_respond(actor=clerk, order_id=answered.pk, note="已处理",
                           today=date(2026, 10, 1))
    client_for(client, supervisor)
    html = client.get("/supervision/").content.decode()
    assert 'data-testid="bulk-remind"' in html
    assert f'name="ids" value="{answered.pk}"' not in html
    r = client.post("/supervision/orders/remind/", {"ids": [a.pk, b.pk, answered.pk],
                                                    "note": "请尽快反馈"})
    html = r.content.decode()
    assert html.count('data-testid="bulk-done"') == 2
    assert html.count('data-testid="bulk-refused"') == 1
    assert f"督办单 {answered.number}" in html
    for order, unit in ((a, t01), (b, d01)):
        assert SupervisionEvent.objects.filter(order=order, action="remind",
                                               note="请尽快反馈").count() == 1
        assert Notification.objects.filter(org_unit=unit, kind="order",
                                           text__contains=order.number).count() == 2
    assert not SupervisionEvent.objects.filter(order=answered, action="remind").exists()
    # The same day again: refused per order, nothing sent twice.
    html = client.post("/supervision/orders/remind/", {"ids": [a.pk]}).content.decode()
    assert 'data-testid="bulk-refused"' in html
    assert SupervisionEvent.objects.filter(order=a, action="remind").count() == 1
    # The order's timeline reads the reminder in words.
    assert "催办" in client.get(f"/supervision/orders/{a.pk}/").content.decode()


def test_a_clerk_cannot_remind(client, clerk, make_order):
    order = make_order()
    client_for(client, clerk)
    assert 'data-testid="bulk-remind"' not in client.get("/supervision/").content.decode()
    assert client.post("/supervision/orders/remind/", {"ids": [order.pk]}).status_code == 403


def test_the_single_reminder_is_the_same_service(client, supervisor, make_order, t01, today):
    order = make_order()
    client_for(client, supervisor)
    assert 'data-testid="remind"' in client.get(f"/supervision/orders/{order.pk}/").content.decode()
    client.post(f"/supervision/orders/{order.pk}/remind/", {"note": "请于本周内反馈"})
    event = SupervisionEvent.objects.get(order=order, action="remind")
    assert (event.actor, event.note) == (supervisor, "请于本周内反馈")
    assert Notification.objects.filter(org_unit=t01, text__startswith="催办").exists()

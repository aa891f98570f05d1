"""Supervision orders by the record's number (issue 18, item 2)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from petitions import services as psv
from supervision import services
from supervision.models import SupervisionEvent
from tests.builders import client_for, register

ORDERS = "/api/v1/supervision/orders/"
TODAY = date(2026, 9, 28)


@pytest.fixture
def open_petition(clerk, t01):
    return register(clerk, t01, received_on=date(2026, 9, 16))


@pytest.fixture
def closed_petition(outsider, t02):
    p = register(outsider, t02, ids=(5,), received_on=date(2026, 9, 10))
    return psv.petition_decline(petition_id=p.pk, actor=outsider, on=date(2026, 9, 11),
                                reason="不属于受理范围")


def issue(actor, unit, **over):
    args = {"actor": actor, "target_type": "petition", "org_unit": unit, "level": "key",
            "due_on": date(2026, 10, 12), "instructions": "请于期限内反馈", "today": TODAY}
    args.update(over)
    return services.order_create(**args)


def test_an_order_is_issued_by_the_petitions_number(supervisor, t01, open_petition):
    order = issue(supervisor, t01, target_number=open_petition.number.lower())
    assert order.petition == open_petition and order.target_id == open_petition.pk
    assert services.order_target_number(order) == open_petition.number


def test_an_unknown_number_is_refused(supervisor, t01, open_petition):
    with pytest.raises(ValidationError) as e:
        issue(supervisor, t01, target_number="XF-2026-999999")
    assert "target_number" in e.value.message_dict


def test_a_closed_record_of_another_unit_needs_a_confirmed_reason(supervisor, t01,
                                                                  closed_petition):
    with pytest.raises(ValidationError) as e:
        issue(supervisor, t01, target_number=closed_petition.number)
    messages = " ".join(e.value.message_dict["confirm_reason"])
    assert "东城街道" in messages or "closed" in messages.lower() or "办结" in messages
    assert len(e.value.message_dict["confirm_reason"]) == 3  # closed, other unit, confirm
    order = issue(supervisor, t01, target_number=closed_petition.number,
                  confirm_reason="经核实，需由城关镇协办")
    event = SupervisionEvent.objects.get(order=order, action="create")
    assert event.note == "经核实，需由城关镇协办" and len(event.data["warnings"]) == 2


def test_the_api_takes_target_number_and_answers_with_both(api, supervisor, open_petition,
                                                          closed_petition):
    api.force_authenticate(supervisor)
    body = {"target_type": "petition", "target_number": open_petition.number,
            "org_unit": "T01", "level": "key", "due_on": "2030-10-12", "instructions": "请反馈"}
    r = api.post(ORDERS, body, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["target_id"] == open_petition.pk
    assert r.json()["target_number"] == open_petition.number
    assert api.get(f"{ORDERS}{r.json()['id']}/").json()["target_number"] == open_petition.number
    r = api.post(ORDERS, {**body, "target_number": closed_petition.number}, format="json")
    assert r.status_code == 400 and "confirm_reason" in r.json()
    r = api.post(ORDERS, {**body, "target_number": closed_petition.number,
                          "confirm_reason": "市领导批示"}, format="json")
    assert r.status_code == 201
    del body["target_number"]
    r = api.post(ORDERS, body, format="json")
    assert r.status_code == 400 and "target_id" in r.json()


def test_the_number_search_is_scoped(client, clerk, outsider, supervisor, open_petition):
    client_for(client, supervisor)
    found = client.get("/supervision/orders/targets/", {"q": open_petition.number[:9]}).json()
    assert [r["number"] for r in found["results"]] == [open_petition.number]
    client_for(client, outsider)  # T02's clerk cannot reach T01's records by number
    assert client.get("/supervision/orders/targets/",
                      {"q": open_petition.number}).json()["results"] == []
    client_for(client, clerk)
    assert client.get("/supervision/orders/targets/",
                      {"q": open_petition.number}).json()["results"][0]["org_unit"] == "T01"


def test_the_petition_page_issues_and_lists_orders(client, supervisor, clerk, t01, open_petition):
    client_for(client, supervisor)
    html = client.get(f"/petitions/{open_petition.pk}/").content.decode()
    assert "发督办单" in html and f"target_number={open_petition.number}" in html
    assert "org_unit=T01" in html
    form = client.get(f"/supervision/orders/new/?target_type=petition&target_number="
                      f"{open_petition.number}&org_unit=T01").content.decode()
    assert f'value="{open_petition.number}"' in form and 'list="target-numbers"' in form
    r = client.post("/supervision/orders/new/", {
        "target_type": "petition", "target_number": open_petition.number, "org_unit": "T01",
        "level": "key", "due_on": "2030-10-12", "instructions": "请反馈"})
    assert r.status_code == 302
    order_page = client.get(r.url).content.decode()
    assert f'href="/petitions/{open_petition.pk}/"' in order_page
    client_for(client, clerk)  # the unit sees the order on its petition, without the button
    html = client.get(f"/petitions/{open_petition.pk}/").content.decode()
    assert "DB-" in html and "发督办单" not in html


def test_the_form_asks_for_the_confirmation_with_a_reason(client, supervisor, t01,
                                                          closed_petition):
    client_for(client, supervisor)
    data = {"target_type": "petition", "target_number": closed_petition.number,
            "org_unit": "T01", "level": "key", "due_on": "2030-10-12", "instructions": "请反馈",
            "confirm_reason": "理由"}
    r = client.post("/supervision/orders/new/", data)  # a reason without the tick: refused
    assert r.status_code == 200 and "东城街道" in r.content.decode()
    r = client.post("/supervision/orders/new/", {**data, "confirm": "on"})
    assert r.status_code == 302


def test_backlog_and_risk_pages_offer_the_order(client, supervisor, risk_matter):
    client_for(client, supervisor)
    html = client.get(f"/stability/{risk_matter.pk}/").content.decode()
    # The order form is filled in with the matter's own number, never its id (issue 18).
    assert "发督办单" in html and f"target_number={risk_matter.number}" in html
    assert f"target_id={risk_matter.pk}" not in html

"""The petitions API exactly as api.md names it."""

from datetime import date

import pytest

from petitions.models import Petition, PetitionEvent
from tests.builders import id_number, pin_clock, register

URL = "/api/v1/petitions/"
# A valid number with its check digit changed.
BAD_ID = id_number(7)[:17] + ("1" if id_number(7)[17] != "1" else "2")


def payload(**over):
    body = {"channel": "visit", "received_on": "2026-09-16", "org_unit": "T01",
            "category": "environment", "title": "河道污染", "content": "工厂排污",
            "headcount": 1, "level": "local",
            "petitioners": [{"name": "张三", "id_number": id_number(7), "phone": "138",
                             "address": "城关镇"}]}
    body.update(over)
    return body


def test_create_returns_the_record_with_a_masked_id(api, clerk, december):
    api.force_authenticate(clerk)
    r = api.post(URL, payload(), format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["number"] == "XF-2026-000001"
    assert body["status"] == "registered"
    assert body["org_unit"] == "T01"
    assert body["acceptance_due"] == "2026-10-08"
    assert body["overdue"] is True
    assert body["is_repeat"] is False
    full = id_number(7)
    assert body["petitioners"][0]["id_number"] == full[:6] + "********" + full[-4:]
    assert full not in r.content.decode()


@pytest.mark.parametrize(("over", "field"), [
    ({"channel": "fax"}, "channel"),
    ({"received_on": "2026-02-30"}, "received_on"),
    ({"received_on": "2099-01-01"}, "received_on"),
    ({"org_unit": "X99"}, "org_unit"),
    ({"petitioners": []}, "petitioners"),
    ({"petitioners": [{"name": "张三", "id_number": BAD_ID}]}, "petitioners"),
])
def test_bad_input_is_a_400_with_field_errors_and_saves_nothing(api, clerk, over, field, december):
    api.force_authenticate(clerk)
    r = api.post(URL, payload(**over), format="json")
    assert r.status_code == 400
    assert field in r.json()
    assert not Petition.objects.exists()


def test_malformed_json_is_a_400(api, clerk):
    api.force_authenticate(clerk)
    r = api.post(URL, "{not json", content_type="application/json")
    assert r.status_code == 400


def test_a_clerk_cannot_register_for_another_township(api, clerk, t02):
    api.force_authenticate(clerk)
    r = api.post(URL, payload(org_unit="T02"), format="json")
    assert r.status_code == 400
    assert "org_unit" in r.json()


def test_a_supervisor_may_not_register(api, supervisor, t01):
    api.force_authenticate(supervisor)
    assert api.post(URL, payload(), format="json").status_code == 403


def test_unauthenticated_is_401(api):
    assert api.get(URL).status_code == 401


@pytest.fixture
def world(clerk, t01, t02, outsider, t01_village, time_machine):
    # The world lives on Tuesday 2026-12-01: v (received 11-20) is due for acceptance
    # on 12-07, so it is not overdue yet; a, b and c are.
    pin_clock(time_machine, date(2026, 12, 1))
    a = register(clerk, t01, ids=(1,), received_on=date(2026, 3, 2), headcount=6)
    b = register(clerk, t01, ids=(2,), received_on=date(2026, 9, 16), category="other",
                 title="拖欠工资")
    c = register(outsider, t02, ids=(3,), received_on=date(2026, 5, 5))
    v = register(clerk, t01_village, ids=(4,), received_on=date(2026, 11, 20))
    return {"a": a, "b": b, "c": c, "v": v}


def numbers(r):
    assert r.status_code == 200, r.content
    return {row["number"] for row in r.json()["results"]}


def test_list_is_scoped_and_filtered(api, clerk, city_officer, world):
    api.force_authenticate(clerk)
    a, b, c, v = (world[k].number for k in "abcv")
    assert numbers(api.get(URL)) == {a, b, v}
    api.force_authenticate(city_officer)
    assert numbers(api.get(URL)) == {a, b, c, v}
    assert numbers(api.get(URL, {"org_unit": "T01"})) == {a, b, v}
    assert numbers(api.get(URL, {"org_unit": "T01V01"})) == {v}
    assert numbers(api.get(URL, {"category": "other"})) == {b}
    assert numbers(api.get(URL, {"is_collective": "true"})) == {a}
    assert numbers(api.get(URL, {"received_from": "2026-05-01",
                                 "received_to": "2026-09-30"})) == {b, c}
    assert numbers(api.get(URL, {"q": "工资"})) == {b}
    assert numbers(api.get(URL, {"status": "registered"})) == {a, b, c, v}
    # Acceptance due dates of a, b, c are past; v (received 11-20) is not yet.
    assert numbers(api.get(URL, {"overdue": "true"})) == {a, b, c}
    assert numbers(api.get(URL, {"overdue": "false"})) == {v}
    assert api.get(URL, {"status": "bogus"}).status_code == 400


def test_list_is_paginated(api, city_officer, world):
    api.force_authenticate(city_officer)
    body = api.get(URL, {"page_size": 2}).json()
    assert body["count"] == 4
    assert len(body["results"]) == 2
    assert body["next"]


def test_out_of_scope_is_404_on_every_endpoint(api, outsider, world):
    api.force_authenticate(outsider)
    pk = world["a"].pk
    assert api.get(f"{URL}{pk}/").status_code == 404
    assert api.get(f"{URL}{pk}/events/").status_code == 404
    for name in ("accept", "decline", "forward", "assign", "extend", "reply",
                 "request_review", "review_reply", "request_recheck", "recheck_reply",
                 "close"):
        assert api.post(f"{URL}{pk}/{name}/", {}, format="json").status_code == 404, name


def test_a_handling_unit_clerk_sees_an_assigned_petition(api, city_officer, outsider, d01,
                                                         world, t02):
    p = world["a"]
    api.force_authenticate(city_officer)
    assert api.post(f"{URL}{p.pk}/accept/", {"on": "2026-03-03"}, format="json").status_code == 200
    r = api.post(f"{URL}{p.pk}/assign/", {"org_unit": "T02"}, format="json")
    assert r.status_code == 200
    assert r.json()["handling_unit"] == "T02"
    api.force_authenticate(outsider)
    assert api.get(f"{URL}{p.pk}/").status_code == 200


def act(api, p, name, body):
    return api.post(f"{URL}{p.pk}/{name}/", body, format="json")


def test_every_action_through_the_api(api, clerk, leader, world):
    p = world["a"]
    api.force_authenticate(clerk)
    r = act(api, p, "accept", {"on": "2026-03-03"})
    assert r.status_code == 200
    assert r.json()["status"] == "accepted"
    assert r.json()["handling_due"] == "2026-05-06"  # 05-02 falls in Labour Day
    assert act(api, p, "accept", {"on": "2026-03-03"}).status_code == 409
    assert act(api, p, "extend", {"days": 10, "reason": "x"}).status_code == 403
    api.force_authenticate(leader)
    assert act(api, p, "extend", {"days": 31, "reason": "x"}).status_code == 400
    r = act(api, p, "extend", {"days": 10, "reason": "需现场调查"})
    assert r.status_code == 200
    assert r.json()["extended_days"] == 10
    assert act(api, p, "extend", {"days": 5, "reason": "x"}).status_code == 409
    api.force_authenticate(clerk)
    assert act(api, p, "reply", {"on": "2026-03-01", "opinion": "x"}).status_code == 400
    assert act(api, p, "reply", {"on": "2026-04-01", "opinion": "已整改"}).status_code == 200
    assert act(api, p, "request_review", {"on": "2026-06-01"}).status_code == 409
    r = act(api, p, "request_review", {"on": "2026-04-10"})
    assert r.json()["status"] == "under_review"
    assert r.json()["review_due"] == "2026-05-11"
    assert act(api, p, "review_reply", {"on": "2026-05-08", "opinion": "维持"}).status_code == 200
    assert act(api, p, "request_recheck", {"on": "2026-05-20"}).status_code == 200
    assert act(api, p, "recheck_reply", {"on": "2026-06-10", "opinion": "维持"}).status_code == 200
    r = act(api, p, "close", {"on": "2026-06-11", "satisfaction": "basically_satisfied"})
    assert r.status_code == 200
    assert r.json()["status"] == "closed"
    events = api.get(f"{URL}{p.pk}/events/").json()
    assert [e["action"] for e in events] == [
        "register", "accept", "extend", "reply", "request_review", "review_reply",
        "request_recheck", "recheck_reply", "close"]
    assert events[1]["actor"] == "clerk_T01"
    assert events[1]["from_status"] == "registered"


def test_decline_and_forward_through_the_api(api, clerk, world):
    api.force_authenticate(clerk)
    r = act(api, world["a"], "decline", {"on": "2026-03-05", "reason": "已终结"})
    assert r.status_code == 200
    assert r.json()["status"] == "declined"
    r = act(api, world["b"], "forward", {"on": "2026-09-17", "agency": "市法院"})
    assert r.status_code == 200
    assert r.json()["status"] == "forwarded"
    assert act(api, world["v"], "decline", {"on": "2026-11-21"}).status_code == 400
    assert PetitionEvent.objects.filter(action__in=["decline", "forward"]).count() == 2


def test_list_query_count_is_constant(api, city_officer, clerk, t01,
                                      django_assert_max_num_queries):
    for i in range(10):
        register(clerk, t01, ids=(100 + i,))
    api.force_authenticate(city_officer)
    with django_assert_max_num_queries(6):
        assert api.get(URL).status_code == 200

from datetime import date, timedelta

import pytest

from alerts.models import Alert
from core.dates import local_today
from supervision.assessment import assessment_recompute
from supervision.models import SupervisionEvent

ORDERS = "/api/v1/supervision/orders/"


@pytest.fixture
def body(t01, risk_matter):
    return {"target_type": "stability_matter", "target_id": risk_matter.pk, "org_unit": "T01",
            "level": "listed", "due_on": (local_today() + timedelta(days=7)).isoformat(),
            "instructions": "限期化解"}


def test_supervisor_creates_an_order(api, supervisor, body):
    api.force_authenticate(supervisor)
    response = api.post(ORDERS, body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["org_unit"], data["level"], data["status"]) == ("T01", "listed", "open")


def test_a_clerk_may_not_create_an_order(api, clerk, body):
    api.force_authenticate(clerk)
    assert api.post(ORDERS, body, format="json").status_code == 403


def test_bad_level_is_a_400(api, supervisor, body):
    api.force_authenticate(supervisor)
    response = api.post(ORDERS, {**body, "level": "urgent"}, format="json")
    assert response.status_code == 400
    assert "level" in response.json()


def test_a_petition_target_must_exist(api, supervisor, body):
    api.force_authenticate(supervisor)
    response = api.post(ORDERS, {**body, "target_type": "petition", "target_id": 999},
                        format="json")
    assert response.status_code == 400
    assert "target_id" in response.json()


def test_unit_sees_its_orders_and_not_others(api, order, clerk, outsider, supervisor):
    api.force_authenticate(clerk)
    assert [o["id"] for o in api.get(ORDERS).json()["results"]] == [order.pk]
    api.force_authenticate(outsider)
    assert api.get(ORDERS).json()["count"] == 0
    assert api.get(f"{ORDERS}{order.pk}/").status_code == 404
    assert api.post(f"{ORDERS}{order.pk}/respond/", {"note": "x"}).status_code == 404


def test_respond_close_escalate_through_the_api(api, order, clerk, supervisor):
    api.force_authenticate(clerk)
    response = api.post(f"{ORDERS}{order.pk}/respond/", {"note": "已化解"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "responded"
    assert api.post(f"{ORDERS}{order.pk}/respond/", {"note": "x"}).status_code == 409
    assert api.post(f"{ORDERS}{order.pk}/escalate/",
                    {"to": "city_leadership"}).status_code == 403
    api.force_authenticate(supervisor)
    response = api.post(f"{ORDERS}{order.pk}/escalate/", {"to": "city_leadership",
                                                         "note": "提级"}, format="json")
    assert response.status_code == 200
    assert response.json()["escalation"] == "city_leadership"
    assert api.post(f"{ORDERS}{order.pk}/escalate/", {"to": "nowhere"}).status_code == 400
    assert api.post(f"{ORDERS}{order.pk}/close/", {}, format="json").json()["status"] == "closed"
    assert api.post(f"{ORDERS}{order.pk}/close/", {}).status_code == 409
    assert list(SupervisionEvent.objects.filter(order=order).values_list("action", flat=True)) \
        == ["create", "respond", "escalate", "close"]
    events = api.get(f"{ORDERS}{order.pk}/events/").json()
    assert [e["action"] for e in events] == ["create", "respond", "escalate", "close"]


def test_supervisor_publishes_a_notice(api, supervisor, order):
    api.force_authenticate(supervisor)
    response = api.post("/api/v1/supervision/notices/", {
        "org_unit": "T01", "title": "通报", "body": "逾期未反馈",
        "evidence": [{"type": "supervision_order", "id": order.pk, "label": order.number}]},
        format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["evidence"][0]["id"] == order.pk


def test_assessment_api_lists_the_ranking(api, supervisor, clerk, t01, t02):
    Alert.objects.create(kind="report_missing", org_unit=t01, target_type="screening_period",
                         target_id=4, due_on=date(2026, 10, 5), raised_on=date(2026, 10, 6))
    assessment_recompute(as_of=date(2026, 10, 31))
    api.force_authenticate(supervisor)
    data = api.get("/api/v1/supervision/assessment/?year=2026&month=10").json()
    assert data == [
        {"org_unit": "T02", "score": 100.0, "rank": 1, "deductions": []},
        {"org_unit": "T01", "score": 97.0, "rank": 2, "deductions": [
            # Dated on the day the report fell due (issue 18), not the day it was flagged.
            {"rule": "report_missing", "rule_label": "矛盾纠纷排查报告未报", "points": -3.0,
             "ref": "screening_period:4", "on": "2026-10-05", "label": "2026-10-05"}]},
    ]
    api.force_authenticate(clerk)
    mine = api.get("/api/v1/supervision/assessment/?year=2026&month=10").json()
    assert [(s["org_unit"], s["rank"]) for s in mine] == [("T01", 2)]
    assert api.get("/api/v1/supervision/assessment/?year=x").status_code == 400


def test_alerts_are_scoped_and_filtered(api, clerk, outsider, city_officer, t01_village, t02):
    a1 = Alert.objects.create(kind="petition_overdue", org_unit=t01_village,
                              target_type="petition", target_id=1, due_on=date(2026, 10, 1),
                              raised_on=date(2026, 10, 2))
    a2 = Alert.objects.create(kind="report_missing", org_unit=t02,
                              target_type="screening_period", target_id=1,
                              due_on=date(2026, 10, 5), raised_on=date(2026, 10, 6),
                              cleared_on=date(2026, 10, 7))
    api.force_authenticate(clerk)
    data = api.get("/api/v1/alerts/").json()["results"]
    assert data == [{"id": a1.pk, "kind": "petition_overdue", "org_unit": "T01V01",
                     "target_type": "petition", "target_id": 1, "due_on": "2026-10-01",
                     "raised_on": "2026-10-02", "cleared_on": None}]
    api.force_authenticate(outsider)
    assert [a["id"] for a in api.get("/api/v1/alerts/").json()["results"]] == [a2.pk]
    api.force_authenticate(city_officer)
    assert api.get("/api/v1/alerts/").json()["count"] == 2
    assert [a["id"] for a in api.get("/api/v1/alerts/?open=true").json()["results"]] == [a1.pk]
    assert [a["id"] for a in api.get("/api/v1/alerts/?org_unit=T02").json()["results"]] == [a2.pk]
    assert [a["id"] for a in api.get("/api/v1/alerts/?kind=report_missing").json()["results"]] \
        == [a2.pk]


def test_anonymous_gets_401(api):
    assert api.get("/api/v1/alerts/").status_code == 401

import pytest

from accounts.models import User
from stability.models import RiskMatter
from tests.builders import days_ago, make_matter

pytestmark = pytest.mark.django_db

URL = "/api/v1/stability/matters/"


def body(**extra):
    return {"title": "原农机厂改制职工社保接续", "category": "enterprise_restructuring",
            "org_unit": "T01", "risk_level": "medium", "people_involved": "下岗职工约25人",
            "leader": "leader_T01", "plan": "逐人核对工龄", "screening_item": None, **extra}


def test_a_clerk_registers_a_matter(api, clerk, leader):
    api.force_authenticate(clerk)
    response = api.post(URL, body(), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["status"], data["org_unit"], data["leader"], data["source"]) == (
        "open", "T01", "leader_T01", "direct")
    assert data["screening_item"] is None


def test_a_screening_item_is_linked_both_ways_once(api, clerk, leader, high_item):
    api.force_authenticate(clerk)
    data = api.post(URL, body(screening_item=high_item.pk), format="json").json()
    assert (data["source"], data["screening_item"]) == ("screening_item", high_item.pk)
    assert [m.pk for m in high_item.raised_matters.all()] == [data["id"]]
    again = api.post(URL, body(screening_item=high_item.pk), format="json")
    assert again.status_code == 409


def test_another_units_screening_item_is_a_400(api, outsider, high_item, t02):
    from accounts import roles
    from tests.builders import make_user
    make_user("leader_T02", t02, roles.LEADER)
    api.force_authenticate(outsider)
    response = api.post(URL, body(org_unit="T02", leader="leader_T02",
                                  screening_item=high_item.pk), format="json")
    assert response.status_code == 400
    assert "screening_item" in response.json()


@pytest.mark.parametrize("field, value", [
    ("category", "traffic"), ("risk_level", "extreme"), ("org_unit", "T02"),
    ("org_unit", "ZZZ"), ("leader", "nobody"), ("leader", "clerk_T01"), ("title", ""),
])
def test_bad_input_is_a_400_naming_the_field(api, clerk, leader, t02, field, value):
    api.force_authenticate(clerk)
    response = api.post(URL, body(**{field: value}), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not RiskMatter.objects.exists()


def test_anonymous_is_401_and_a_user_without_a_role_is_403(api, t01, leader):
    assert api.post(URL, body(), format="json").status_code == 401
    api.force_authenticate(User.objects.create_user("visitor", org_unit=t01))
    assert api.post(URL, body(), format="json").status_code == 403


def test_the_flow_log_contact_then_resolve(api, matter, leader):
    api.force_authenticate(leader)
    response = api.post(f"{URL}{matter.pk}/log_contact/",
                        {"on": days_ago(2).isoformat(), "summary": "座谈", "outcome": "同意复核"},
                        format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "in_progress"
    assert response.json()["contacts"][0]["met_by"] == "leader_T01"
    response = api.post(f"{URL}{matter.pk}/resolve/",
                        {"on": days_ago(1).isoformat(), "outcome": "息诉罢访"}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "resolved")
    assert response.json()["resolved_on"] == days_ago(1).isoformat()
    again = api.post(f"{URL}{matter.pk}/resolve/",
                     {"on": days_ago(0).isoformat(), "outcome": "x"}, format="json")
    assert again.status_code == 409
    assert "detail" in again.json()
    events = api.get(f"{URL}{matter.pk}/events/").json()
    assert [e["action"] for e in events] == ["create", "log_contact", "resolve"]


@pytest.mark.parametrize("payload", [
    {"on": "2099-01-01", "summary": "x", "outcome": "y"},
    {"on": "not-a-date", "summary": "x", "outcome": "y"},
    {"on": "2000-01-01", "summary": "x", "outcome": "y"},
    {"summary": "x", "outcome": "y"},
    {"on": "2026-01-01", "summary": "", "outcome": "y"},
])
def test_a_bad_contact_is_a_400(api, matter, clerk, payload):
    api.force_authenticate(clerk)
    response = api.post(f"{URL}{matter.pk}/log_contact/", payload, format="json")
    assert response.status_code == 400
    assert matter.contacts.count() == 0


def test_another_units_matter_does_not_exist_for_an_outsider(api, matter, outsider):
    api.force_authenticate(outsider)
    assert api.get(f"{URL}{matter.pk}/").status_code == 404
    response = api.post(f"{URL}{matter.pk}/log_contact/",
                        {"on": days_ago(1).isoformat(), "summary": "x", "outcome": "y"},
                        format="json")
    assert response.status_code == 404
    assert api.get(URL).json()["count"] == 0


def test_city_roles_see_and_act_on_every_unit(api, matter, city_officer, supervisor):
    api.force_authenticate(supervisor)
    assert api.get(URL).json()["count"] == 1
    api.force_authenticate(city_officer)
    response = api.post(f"{URL}{matter.pk}/update_plan/", {"plan": "市局督导分户公示"},
                        format="json")
    assert response.status_code == 200
    assert response.json()["plan"] == "市局督导分户公示"


def test_the_list_filters(api, clerk, leader, t01, t01_village, city_officer):
    make_matter(actor=clerk, unit=t01, leader=leader, title="高风险", risk_level="high")
    make_matter(actor=clerk, unit=t01_village, leader=leader, title="低风险", risk_level="low",
                category="environment")
    api.force_authenticate(city_officer)

    def titles(query):
        return sorted(m["title"] for m in api.get(URL + query).json()["results"])

    assert titles("?risk_level=high") == ["高风险"]
    assert titles("?category=environment") == ["低风险"]
    assert titles("?org_unit=T01") == ["低风险", "高风险"]
    assert titles("?org_unit=T01V01") == ["低风险"]
    assert titles("?status=resolved") == []
    assert titles("?q=低") == ["低风险"]
    assert api.get(URL + "?risk_level=bogus").status_code == 400

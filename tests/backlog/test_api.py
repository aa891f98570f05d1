from datetime import timedelta

import pytest

from backlog.models import BacklogCase
from tests.builders import petition_row

URL = "/api/v1/backlog/cases/"


def act(api, case, action, data=None):
    return api.post(f"{URL}{case.pk}/{action}/", data or {}, format="json")


def test_the_city_creates_a_campaign(api, city_officer):
    api.force_authenticate(city_officer)
    response = api.post("/api/v1/backlog/campaigns/", {
        "name": "积案化解年", "year": 2026, "starts_on": "2026-06-20",
        "ends_on": "2026-12-31"}, format="json")
    assert response.status_code == 201
    assert response.json()["name"] == "积案化解年"


def test_a_clerk_may_not_create_a_campaign(api, clerk):
    api.force_authenticate(clerk)
    response = api.post("/api/v1/backlog/campaigns/", {
        "name": "x", "year": 2026, "starts_on": "2026-06-20", "ends_on": "2026-12-31"},
        format="json")
    assert response.status_code == 403


def test_the_city_creates_a_case_from_a_petition(api, city_officer, campaign, t01, leader,
                                                 today):
    petition = petition_row(t01, received_on=today - timedelta(days=100),
                             handling_due=today - timedelta(days=5), title="河道污染")
    api.force_authenticate(city_officer)
    response = api.post(URL, {"campaign": campaign.pk, "petition": petition.pk, "title": "",
                              "org_unit": "T01", "leader": "leader_T01",
                              "due_on": str(today + timedelta(days=60))}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "assigned"
    assert (body["org_unit"], body["leader"], body["title"]) == ("T01", "leader_T01", "河道污染")
    assert body["petition_number"] == petition.number


def test_a_case_whose_leader_is_not_of_the_unit_is_400(api, city_officer, campaign, t01,
                                                       t02_leader, today):
    api.force_authenticate(city_officer)
    response = api.post(URL, {"campaign": campaign.pk, "petition": None, "title": "遗留问题",
                              "org_unit": "T01", "leader": "leader_T02",
                              "due_on": str(today + timedelta(days=60))}, format="json")
    assert response.status_code == 400
    assert "leader" in response.json()
    assert not BacklogCase.objects.exists()


def test_the_whole_flow_through_the_api(api, case, leader, city_officer, today):
    api.force_authenticate(leader)
    assert act(api, case, "submit_plan", {"plan": "方案"}).json()["status"] == "plan_submitted"
    response = act(api, case, "report_progress", {"on": str(today), "note": "已约谈"})
    assert response.status_code == 200
    assert response.json()["status"] == "in_progress"
    response = act(api, case, "resolve", {"on": str(today), "outcome": "信访人签署息诉罢访承诺书"})
    assert response.status_code == 400
    assert "outcome" in response.json()
    response = act(api, case, "resolve", {"on": str(today), "outcome": "签订化解协议",
                                          "satisfaction_signed": True})
    assert response.json()["status"] == "resolved"
    assert response.json()["outcome_document"] == "agreement"
    assert response.json()["satisfaction_signed"] is True
    assert act(api, case, "verify").status_code == 403  # the leader is not the city
    api.force_authenticate(city_officer)
    assert act(api, case, "reopen", {"reason": "缺材料"}).json()["status"] == "in_progress"
    api.force_authenticate(leader)
    act(api, case, "resolve", {"on": str(today), "outcome": "补齐化解协议"})
    api.force_authenticate(city_officer)
    response = act(api, case, "verify")
    assert response.status_code == 200
    assert response.json()["status"] == "verified"
    assert response.json()["verified_on"] == str(today)


def test_an_action_in_the_wrong_status_is_409(api, case, city_officer):
    api.force_authenticate(city_officer)
    response = act(api, case, "verify")
    assert response.status_code == 409
    assert "detail" in response.json()


def test_a_future_progress_date_is_400(api, case, leader, today):
    api.force_authenticate(leader)
    act(api, case, "submit_plan", {"plan": "方案"})
    response = act(api, case, "report_progress",
                   {"on": str(today + timedelta(days=3)), "note": "x"})
    assert response.status_code == 400
    assert "on" in response.json()


def test_another_units_case_does_not_exist_for_its_clerk(api, case, outsider):
    api.force_authenticate(outsider)
    assert api.get(f"{URL}{case.pk}/").status_code == 404
    assert act(api, case, "submit_plan", {"plan": "x"}).status_code == 404
    assert api.get(URL).json()["count"] == 0


def test_the_units_clerk_sees_its_case(api, case, clerk):
    api.force_authenticate(clerk)
    response = api.get(URL)
    assert [c["id"] for c in response.json()["results"]] == [case.pk]


@pytest.fixture
def hand_made(city_officer, campaign, t01, t02, leader, t02_leader, today):
    """T01: 3 cases (1 verified, 1 resolved, 1 open); T02: 2 cases (1 resolved)."""
    from backlog import services
    from tests.builders import make_case

    def done(case, who, verify=False):
        services.case_submit_plan(case_id=case.pk, actor=who, plan="方案")
        services.case_resolve(case_id=case.pk, actor=who, on=today, outcome="已化解")
        if verify:
            services.case_verify(case_id=case.pk, actor=city_officer)

    done(make_case(city_officer, campaign, t01, leader, title="a"), leader, verify=True)
    done(make_case(city_officer, campaign, t01, leader, title="b"), leader)
    make_case(city_officer, campaign, t01, leader, title="c")
    done(make_case(city_officer, campaign, t02, t02_leader, title="d"), t02_leader)
    make_case(city_officer, campaign, t02, t02_leader, title="e")


def test_stats_count_on_hand_made_data(api, hand_made, campaign, city_officer):
    api.force_authenticate(city_officer)
    body = api.get(f"/api/v1/backlog/stats/?campaign={campaign.pk}").json()
    assert (body["total"], body["resolved"], body["verified"]) == (5, 3, 1)
    assert body["resolution_rate"] == 0.6
    rows = {(u["org_unit"], u["total"], u["resolved"], u["verified"]) for u in body["by_unit"]}
    assert rows == {("T01", 3, 2, 1), ("T02", 2, 1, 0)}


def test_stats_are_scoped_and_cost_one_query(api, hand_made, campaign, clerk,
                                             django_assert_max_num_queries):
    api.force_authenticate(clerk)
    with django_assert_max_num_queries(4):  # session/auth + roles + the one GROUP BY
        body = api.get(f"/api/v1/backlog/stats/?campaign={campaign.pk}").json()
    assert body["total"] == 3
    assert [u["org_unit"] for u in body["by_unit"]] == ["T01"]


def test_stats_with_a_bad_campaign_is_400(api, city_officer):
    api.force_authenticate(city_officer)
    assert api.get("/api/v1/backlog/stats/?campaign=abc").status_code == 400


def test_the_api_needs_authentication(api):
    assert api.get(URL).status_code == 401


def test_the_list_filters_and_ignores_nonsense(api, case, city_officer, campaign, today):
    api.force_authenticate(city_officer)
    assert api.get(f"{URL}?campaign={campaign.pk}&status=assigned").json()["count"] == 1
    assert api.get(f"{URL}?status=verified").json()["count"] == 0
    assert api.get(f"{URL}?overdue=true").json()["count"] == 0
    assert api.get(f"{URL}?campaign=abc&overdue=nonsense").status_code == 200

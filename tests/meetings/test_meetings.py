"""The joint meeting as a body (issue 20, item 2): meetings, agenda items and
decisions that become supervision orders or backlog cases, linked both ways."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from backlog import services as backlog_services
from core.errors import TransitionError
from meetings import services
from meetings.models import Meeting
from tests.builders import client_for, register

URL = "/api/v1/meetings/"


@pytest.fixture
def campaign(city_officer, today):
    return backlog_services.campaign_create(
        actor=city_officer, name="积案化解年", year=today.year, starts_on=today,
        ends_on=today + timedelta(days=180))


@pytest.fixture
def petition(clerk, t01, today):
    return register(clerk, t01, received_on=today - timedelta(days=20))


@pytest.fixture
def meeting(city_officer, petition, t01, t02, today):
    return services.meeting_create(
        actor=city_officer, held_on=today - timedelta(days=1), title="市联席会议第三次会议",
        number="第三次会议", units=[t01, t02], today=today,
        items=[{"target_type": "petition", "target_id": petition.pk, "decision": "限期化解",
                "lead_unit": t01, "due_on": today + timedelta(days=30)},
               {"subject": "东城街道加装电梯纠纷", "decision": "牵头协调", "lead_unit": t02,
                "due_on": today + timedelta(days=20)}])


def test_a_meeting_records_its_items_and_names_the_matter(meeting, petition):
    first, second = meeting.items.order_by("position")
    assert first.subject == f"{petition.number} {petition.title}"
    assert (second.target_type, second.subject) == ("", "东城街道加装电梯纠纷")
    assert meeting.events.get().action == "create"


def test_a_decision_needs_a_unit_a_deadline_after_the_meeting_and_words(city_officer, t01,
                                                                      city, today):
    with pytest.raises(ValidationError) as e:
        services.meeting_create(actor=city_officer, held_on=today, title="会议", today=today,
                                items=[{"subject": "x", "decision": " ", "lead_unit": city,
                                        "due_on": today - timedelta(days=1)},
                                       {"target_type": "petition", "target_id": 999999,
                                        "decision": "d", "lead_unit": t01, "due_on": today}])
    assert len(e.value.message_dict["items"]) == 4
    with pytest.raises(ValidationError):  # not held yet
        services.meeting_create(actor=city_officer, held_on=today + timedelta(days=1),
                                title="会议", items=[{"subject": "x", "decision": "d",
                                                     "lead_unit": t01, "due_on": today}],
                                today=today)


def test_only_the_city_records_meetings(clerk, t01, today):
    with pytest.raises(PermissionDenied):
        services.meeting_create(actor=clerk, held_on=today, title="t", today=today,
                                items=[{"subject": "x", "decision": "d", "lead_unit": t01,
                                        "due_on": today}])


def test_a_decision_becomes_a_supervision_order_once(meeting, supervisor, petition, today):
    item = meeting.items.get(position=1)
    order = services.item_make_order(actor=supervisor, item_id=item.pk, level="listed",
                                     today=today)
    assert (order.petition, order.org_unit.code, order.level, order.due_on) == (
        petition, "T01", "listed", item.due_on)
    assert "市联席会议第三次会议" in order.instructions
    item.refresh_from_db()
    assert item.supervision_order == order and list(order.meeting_items.all()) == [item]
    with pytest.raises(TransitionError):
        services.item_make_order(actor=supervisor, item_id=item.pk, today=today)
    topic = meeting.items.get(position=2)
    with pytest.raises(TransitionError):  # a topic has no record to supervise
        services.item_make_order(actor=supervisor, item_id=topic.pk, today=today)


def test_a_decision_becomes_a_backlog_case_with_the_petition(meeting, city_officer, leader,
                                                          campaign, petition, today):
    item = meeting.items.get(position=1)
    case = services.item_make_backlog_case(actor=city_officer, item_id=item.pk,
                                           campaign=campaign, leader=leader, today=today)
    assert (case.petition, case.org_unit.code, case.leader, case.due_on) == (
        petition, "T01", leader, item.due_on)
    assert list(case.meeting_items.all()) == [item]
    with pytest.raises(TransitionError):
        services.item_make_backlog_case(actor=city_officer, item_id=item.pk,
                                        campaign=campaign, leader=leader, today=today)


def test_the_supervisor_may_not_hand_over_a_backlog_case(meeting, supervisor, leader,
                                                       campaign, today):
    with pytest.raises(PermissionDenied):
        services.item_make_backlog_case(actor=supervisor, item_id=meeting.items.first().pk,
                                        campaign=campaign, leader=leader, today=today)


def test_a_unit_sees_only_the_items_it_leads(client, meeting, clerk, outsider, supervisor,
                                           petition, today):
    client_for(client, supervisor)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert petition.number in page and "东城街道加装电梯纠纷" in page
    assert "议题与决定事项" in page and "牵头单位" in page  # in Chinese, words not codes
    client_for(client, clerk)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert petition.number in page and "东城街道加装电梯纠纷" not in page
    assert 'data-testid="make-order"' not in page
    client_for(client, outsider)  # T02 attended and leads item 2
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert petition.number not in page and "东城街道加装电梯纠纷" in page


def test_a_unit_that_neither_attended_nor_leads_gets_404(client, api, meeting, d01, today):
    from accounts import roles
    from tests.builders import make_user

    stranger = make_user("clerk_D01", d01, roles.CLERK)
    client_for(client, stranger)
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 404
    assert meeting.title not in client.get("/meetings/").content.decode()
    api.force_authenticate(stranger)
    assert api.get(f"{URL}{meeting.pk}/").status_code == 404


def test_one_click_on_the_page_links_both_ways(client, meeting, supervisor, city_officer,
                                             leader, campaign, today):
    item1, item2 = meeting.items.order_by("position")
    client_for(client, supervisor)
    r = client.post(f"/meetings/{meeting.pk}/items/{item1.pk}/make-order/",
                    {f"o{item1.pk}-level": "key"})
    assert r.status_code == 302
    item1.refresh_from_db()
    order_page = client.get(f"/supervision/orders/{item1.supervision_order_id}/").content.decode()
    assert 'data-testid="decided-by"' in order_page and meeting.title in order_page
    client_for(client, city_officer)
    t02_leader = _t02_leader(item2.lead_unit)
    r = client.post(f"/meetings/{meeting.pk}/items/{item2.pk}/make-case/",
                    {f"c{item2.pk}-campaign": campaign.pk, f"c{item2.pk}-leader": t02_leader.pk})
    assert r.status_code == 302, r.content.decode()[-2000:]
    item2.refresh_from_db()
    case_page = client.get(f"/backlog/{item2.backlog_case_id}/").content.decode()
    assert 'data-testid="decided-by"' in case_page and meeting.title in case_page
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'data-testid="made-order"' in page and 'data-testid="made-case"' in page


def _t02_leader(unit):
    from accounts import roles
    from tests.builders import make_user

    return make_user("leader_T02", unit, roles.LEADER)


def test_the_api_records_a_meeting_and_answers_with_its_items(api, city_officer, clerk,
                                                              petition, campaign, leader, today):
    api.force_authenticate(city_officer)
    body = {"held_on": today.isoformat(), "title": "第五次会议", "units": ["T01"],
            "items": [{"target_type": "petition", "target_id": petition.pk, "decision": "化解",
                       "lead_unit": "T01", "due_on": (today + timedelta(days=9)).isoformat()}]}
    r = api.post(URL, body, format="json")
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["title"] == "第五次会议" and data["units"] == ["T01"]
    (item,) = data["items"]
    assert (item["target_type"], item["target_id"], item["target_number"], item["lead_unit"]) \
        == ("petition", petition.pk, petition.number, "T01")
    r = api.post(f"{URL}{data['id']}/make_backlog_case/",
                 {"item": item["id"], "campaign": campaign.pk, "leader": leader.username},
                 format="json")
    assert r.status_code == 200 and r.json()["items"][0]["backlog_case"] is not None
    assert api.post(f"{URL}{data['id']}/make_backlog_case/",
                    {"item": item["id"], "campaign": campaign.pk, "leader": leader.username},
                    format="json").status_code == 409
    assert api.post(URL, {**body, "items": []}, format="json").status_code == 400
    bad = {**body, "items": [{**body["items"][0], "target_id": 99999999}]}
    assert api.post(URL, bad, format="json").status_code == 400
    api.force_authenticate(clerk)
    assert api.post(URL, body, format="json").status_code == 403
    assert [m["id"] for m in api.get(URL).json()["results"]] == [data["id"]]


def test_the_page_records_a_meeting_with_a_petition_named_by_number(client, city_officer,
                                                                  petition, today):
    client_for(client, city_officer)
    due = (today + timedelta(days=10)).isoformat()
    r = client.post("/meetings/new/", {
        "held_on": today.isoformat(), "title": "第六次会议", "number": "第六次会议",
        "units": ["T01"], "i-TOTAL_FORMS": 1, "i-INITIAL_FORMS": 0, "i-MIN_NUM_FORMS": 1,
        "i-MAX_NUM_FORMS": 50, "i-0-target_type": "petition", "i-0-reference": petition.number,
        "i-0-decision": "限期办结", "i-0-lead_unit": "T01", "i-0-due_on": due})
    assert r.status_code == 302, r.content.decode()[-3000:]
    meeting = Meeting.objects.get(title="第六次会议")
    assert meeting.items.get().target_id == petition.pk
    r = client.get("/exports/meetings.xlsx")
    assert r.status_code == 200

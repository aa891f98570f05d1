"""Extensions (issue 18, item 6): the handling clerk asks, the unit leader approves
or refuses; one extension, at most 30 days."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.errors import TransitionError
from petitions import services as sv
from petitions.models import PetitionEvent
from tests.builders import client_for, register

URL = "/api/v1/petitions/"


@pytest.fixture
def accepted(clerk, t01):
    p = register(clerk, t01, received_on=date(2026, 3, 2))
    return sv.petition_accept(petition_id=p.pk, actor=clerk, on=date(2026, 3, 3))


def test_the_clerk_asks_and_the_leader_approves_moving_the_due_date(clerk, leader, accepted):
    assert accepted.handling_due == date(2026, 5, 6)  # 60 days, 05-02 falls in Labour Day
    p = sv.petition_request_extension(petition_id=accepted.pk, actor=clerk, days=10,
                                      reason="需现场勘查", today=date(2026, 4, 20))
    assert p.extension_pending and p.handling_due == date(2026, 5, 6)
    assert p.extension_requested_on == date(2026, 4, 20)
    p = sv.petition_approve_extension(petition_id=accepted.pk, actor=leader)
    assert p.extended_days == 10 and p.extension_reason == "需现场勘查"
    assert p.handling_due == date(2026, 5, 12) and p.current_due == date(2026, 5, 12)
    assert not p.extension_pending
    assert list(PetitionEvent.objects.filter(petition=p).values_list("action", flat=True)) == [
        "register", "accept", "request_extension", "approve_extension"]


def test_a_refusal_keeps_the_deadline_and_the_clerk_may_ask_again(clerk, leader, accepted):
    sv.petition_request_extension(petition_id=accepted.pk, actor=clerk, days=30, reason="x")
    with pytest.raises(ValidationError):
        sv.petition_refuse_extension(petition_id=accepted.pk, actor=leader, reason=" ")
    p = sv.petition_refuse_extension(petition_id=accepted.pk, actor=leader, reason="理由不充分")
    assert not p.extension_pending and p.extended_days == 0
    assert p.handling_due == date(2026, 5, 6)
    assert PetitionEvent.objects.get(petition=p, action="refuse_extension").note == "理由不充分"
    p = sv.petition_request_extension(petition_id=accepted.pk, actor=clerk, days=5, reason="y")
    assert p.extension_pending


def test_one_extension_only_and_at_most_thirty_days(clerk, leader, accepted):
    with pytest.raises(ValidationError):
        sv.petition_request_extension(petition_id=accepted.pk, actor=clerk, days=31, reason="x")
    sv.petition_request_extension(petition_id=accepted.pk, actor=clerk, days=30, reason="x")
    with pytest.raises(TransitionError):  # one request waiting at a time
        sv.petition_request_extension(petition_id=accepted.pk, actor=clerk, days=5, reason="x")
    with pytest.raises(TransitionError):  # the leader decides the request first
        sv.petition_extend(petition_id=accepted.pk, actor=leader, days=5, reason="x")
    sv.petition_approve_extension(petition_id=accepted.pk, actor=leader)
    with pytest.raises(TransitionError):
        sv.petition_request_extension(petition_id=accepted.pk, actor=clerk, days=5, reason="x")
    with pytest.raises(TransitionError):
        sv.petition_approve_extension(petition_id=accepted.pk, actor=leader)


def test_roles_the_clerk_asks_the_leader_decides(clerk, leader, accepted):
    with pytest.raises(PermissionDenied):
        sv.petition_request_extension(petition_id=accepted.pk, actor=leader, days=5, reason="x")
    sv.petition_request_extension(petition_id=accepted.pk, actor=clerk, days=5, reason="x")
    with pytest.raises(PermissionDenied):
        sv.petition_approve_extension(petition_id=accepted.pk, actor=clerk)
    with pytest.raises(PermissionDenied):
        sv.petition_refuse_extension(petition_id=accepted.pk, actor=clerk, reason="x")


def test_the_leader_still_extends_directly_in_one_step(leader, accepted):
    p = sv.petition_extend(petition_id=accepted.pk, actor=leader, days=10, reason="需调查")
    assert p.extended_days == 10 and p.handling_due == date(2026, 5, 12)


def act(api, p, name, body):
    return api.post(f"{URL}{p.pk}/{name}/", body, format="json")


def test_the_three_actions_through_the_api(api, clerk, leader, outsider, accepted):
    api.force_authenticate(outsider)
    assert act(api, accepted, "request_extension", {"days": 5, "reason": "x"}).status_code == 404
    api.force_authenticate(clerk)
    assert act(api, accepted, "approve_extension", {}).status_code == 403
    assert act(api, accepted, "request_extension", {"days": 31, "reason": "x"}).status_code == 400
    assert act(api, accepted, "request_extension", {"days": 5}).status_code == 400
    r = act(api, accepted, "request_extension", {"days": 5, "reason": "需调查"})
    assert r.status_code == 200 and r.json()["extension_requested_days"] == 5
    assert r.json()["extended_days"] == 0
    assert act(api, accepted, "request_extension", {"days": 5, "reason": "x"}).status_code == 409
    api.force_authenticate(leader)
    assert act(api, accepted, "refuse_extension", {}).status_code == 400
    r = act(api, accepted, "approve_extension", {})
    assert r.status_code == 200 and r.json()["extended_days"] == 5
    assert r.json()["handling_due"] == "2026-05-07"  # 65 days from acceptance
    assert act(api, accepted, "refuse_extension", {"reason": "x"}).status_code == 409


def test_the_schema_has_one_operation_per_action(api, clerk):
    api.force_authenticate(clerk)
    schema = api.get("/api/schema/?format=json").json()
    operations = {op["operationId"] for path in schema["paths"].values()
                  for op in path.values() if isinstance(op, dict) and "operationId" in op}
    assert {"petitions_request_extension", "petitions_approve_extension",
            "petitions_refuse_extension"} <= operations


def test_the_pending_request_shows_in_the_leaders_to_do_and_on_the_page(
        client, clerk, leader, accepted):
    client_for(client, clerk)
    html = client.get(f"/petitions/{accepted.pk}/").content.decode()
    assert 'data-testid="open-request_extension"' in html
    assert 'data-testid="open-extend"' not in html
    r = client.post(f"/petitions/{accepted.pk}/act/request_extension/",
                    {"request_extension-days": "7", "request_extension-reason": "需调查"})
    assert r.status_code == 302
    html = client.get(f"/petitions/{accepted.pk}/").content.decode()
    assert 'data-testid="extension-pending"' in html and "申请延期" in html  # timeline label
    assert 'data-testid="open-approve_extension"' not in html  # the clerk cannot decide
    assert 'data-testid="todo-extensions"' not in client.get("/").content.decode()
    client_for(client, leader)
    home = client.get("/").content.decode()
    assert 'data-testid="todo-extensions"' in home and accepted.number in home
    html = client.get(f"/petitions/{accepted.pk}/").content.decode()
    assert 'data-testid="open-approve_extension"' in html
    assert 'data-testid="open-refuse_extension"' in html
    r = client.post(f"/petitions/{accepted.pk}/act/approve_extension/", {})
    assert r.status_code == 302
    accepted.refresh_from_db()
    assert accepted.extended_days == 7
    assert 'data-testid="todo-extensions"' not in client.get("/").content.decode()

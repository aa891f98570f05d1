from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.errors import TransitionError
from supervision import services
from supervision.models import SupervisionEvent, SupervisionOrder


def test_supervisor_issues_an_order_with_a_number_and_an_event(order, supervisor):
    assert order.number == f"DB-2026-{order.pk:06d}"
    assert order.status == "open"
    assert order.escalation == "none"
    event = SupervisionEvent.objects.get(order=order)
    assert (event.action, event.actor, event.to_status) == ("create", supervisor, "open")


def test_a_clerk_cannot_issue_an_order(make_order, clerk):
    with pytest.raises(PermissionDenied):
        make_order(actor=clerk)


def test_an_order_cannot_be_due_in_the_past(make_order):
    with pytest.raises(ValidationError):
        make_order(due_on=date(2026, 9, 1))


def test_unit_clerk_responds(order, clerk):
    order = services.order_respond(actor=clerk, order_id=order.pk, note="已办结",
                                   today=date(2026, 10, 1))
    assert order.status == "responded"
    assert order.responded_on == date(2026, 10, 1)
    event = order.events.last()
    assert (event.action, event.from_status, event.to_status, event.note) == (
        "respond", "open", "responded", "已办结")


def test_another_units_clerk_cannot_respond(order, outsider):
    with pytest.raises(PermissionDenied):
        services.order_respond(actor=outsider, order_id=order.pk, note="x")


def test_responding_twice_is_a_conflict(order, clerk):
    services.order_respond(actor=clerk, order_id=order.pk, note="a")
    with pytest.raises(TransitionError):
        services.order_respond(actor=clerk, order_id=order.pk, note="b")


def test_supervisor_closes_a_responded_order(order, clerk, supervisor):
    services.order_respond(actor=clerk, order_id=order.pk, note="a")
    order = services.order_close(actor=supervisor, order_id=order.pk, today=date(2026, 10, 2))
    assert order.status == "closed"
    assert order.closed_on == date(2026, 10, 2)
    assert order.events.last().action == "close"


def test_an_open_order_cannot_be_closed(order, supervisor):
    with pytest.raises(TransitionError):
        services.order_close(actor=supervisor, order_id=order.pk)


def test_a_clerk_cannot_close(order, clerk):
    services.order_respond(actor=clerk, order_id=order.pk, note="a")
    with pytest.raises(PermissionDenied):
        services.order_close(actor=clerk, order_id=order.pk)


def test_escalation_climbs_the_ladder_then_stops(order, supervisor):
    order = services.order_escalate(actor=supervisor, order_id=order.pk, to="city_leadership")
    assert order.escalation == "city_leadership"
    order = services.order_escalate(actor=supervisor, order_id=order.pk, to="joint_meeting")
    assert order.escalation == "joint_meeting"
    assert order.status == "open"
    with pytest.raises(TransitionError):
        services.order_escalate(actor=supervisor, order_id=order.pk, to="joint_meeting")
    events = list(order.events.filter(action="escalate").values_list("data", flat=True))
    assert events == [{"from": "none", "to": "city_leadership"},
                      {"from": "city_leadership", "to": "joint_meeting"}]


def test_escalation_cannot_skip_the_leader_in_charge(order, supervisor):
    with pytest.raises(TransitionError):
        services.order_escalate(actor=supervisor, order_id=order.pk, to="joint_meeting")


def test_a_closed_order_cannot_be_escalated(order, clerk, supervisor):
    services.order_respond(actor=clerk, order_id=order.pk, note="a")
    services.order_close(actor=supervisor, order_id=order.pk)
    with pytest.raises(TransitionError):
        services.order_escalate(actor=supervisor, order_id=order.pk, to="city_leadership")


def test_a_clerk_cannot_escalate(order, clerk):
    with pytest.raises(PermissionDenied):
        services.order_escalate(actor=clerk, order_id=order.pk, to="city_leadership")
    assert SupervisionOrder.objects.get(pk=order.pk).escalation == "none"


def test_notice_keeps_its_evidence(order, supervisor, t01):
    notice = services.notice_publish(
        actor=supervisor, org_unit=t01, title="通报", body="逾期",
        evidence=[{"type": "supervision_order", "id": order.pk, "label": order.number}])
    assert notice.evidence == [{"type": "supervision_order", "id": order.pk,
                                "label": order.number}]


def test_notice_evidence_must_exist(supervisor, t01):
    with pytest.raises(ValidationError):
        services.notice_publish(actor=supervisor, org_unit=t01, title="t", body="b",
                                evidence=[{"type": "supervision_order", "id": 999}])


def test_a_clerk_cannot_publish_a_notice_or_record_accountability(clerk, t01):
    with pytest.raises(PermissionDenied):
        services.notice_publish(actor=clerk, org_unit=t01, title="t", body="b")
    with pytest.raises(PermissionDenied):
        services.accountability_record_create(actor=clerk, org_unit=t01, person="张某",
                                              rule="r", decision="d",
                                              decided_on=date(2026, 1, 1))

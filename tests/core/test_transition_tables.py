"""The risk matter's, the supervision order's and the screening report's moves are
declared once (<app>/transitions.py): every pair of action and status a table forbids
is refused by the service and by the API with 409 and the table's message; every
pair it allows goes through; the permissions read the table's roles."""

from datetime import date, timedelta

import pytest

from core.errors import TransitionError
from screening import permissions as screening_permissions
from screening import services as screening_services
from screening.models import ScreeningReport
from screening.transitions import MOVES as REPORT_MOVES
from stability import services as stability_services
from stability.models import RiskMatter
from stability.transitions import MOVES as MATTER_MOVES
from supervision import permissions as supervision_permissions
from supervision import services as supervision_services
from supervision.models import SupervisionOrder
from supervision.transitions import MOVES as ORDER_MOVES
from tests.builders import at, file_report, make_matter, make_period


def _pairs(table, statuses):
    return [(move.action, status) for move in table for status in statuses]


def _expect(table, action, status, call, api_response=None):
    """The service call `call()` and the API response agree with the table."""
    if status in table[action].sources:
        if api_response is not None:
            assert api_response.status_code == 200, api_response.json()
        else:
            call()
        return
    if api_response is not None:
        assert api_response.status_code == 409, api_response.json()
        assert api_response.json()["detail"] == str(table[action].refusal)
    with pytest.raises(TransitionError) as refused:
        call()
    assert refused.value.message == str(table[action].refusal)


# ---------------------------------------------------------------- risk matters

MATTER_INPUTS = {"log_contact": {"summary": "走访三组村民", "outcome": "同意再协商"},
                 "resolve": {"outcome": "签订补偿协议"}, "update_plan": {"plan": "分户核实"}}


@pytest.mark.parametrize(("action", "status"),
                         _pairs(MATTER_MOVES, RiskMatter.Status.values))
def test_a_matter_moves_as_its_table_says(action, status, clerk, t01, leader, api, today):
    matter = make_matter(actor=clerk, unit=t01, leader=leader)
    RiskMatter.objects.filter(pk=matter.pk).update(status=status)
    body = {**MATTER_INPUTS[action], **({"on": today.isoformat()} if action != "update_plan"
                                        else {})}
    args = {**body, **({"on": today} if "on" in body else {})}
    api.force_authenticate(clerk)
    r = api.post(f"/api/v1/stability/matters/{matter.pk}/{action}/", body, format="json")
    service = getattr(stability_services, f"matter_{action}")
    _expect(MATTER_MOVES, action, status,
            lambda: service(matter_id=matter.pk, actor=clerk, **args), r)


# ---------------------------------------------------------------- supervision orders

ORDER_INPUTS = {"respond": {"note": "已整改"}, "close": {"note": ""},
                "escalate": {"to": "city_leadership", "note": "逾期未复"}}


@pytest.mark.parametrize(("action", "status"),
                         _pairs(ORDER_MOVES, SupervisionOrder.Status.values))
def test_an_order_moves_as_its_table_says(action, status, clerk, supervisor, t01, leader, api,
                                          today):
    matter = make_matter(actor=clerk, unit=t01, leader=leader)
    order = supervision_services.order_create(
        actor=supervisor, target_type="stability_matter", target_id=matter.pk, org_unit=t01,
        level="key", due_on=today + timedelta(days=14), instructions="请于期限内反馈")
    SupervisionOrder.objects.filter(pk=order.pk).update(status=status)
    actor = clerk if action == "respond" else supervisor
    api.force_authenticate(actor)
    r = api.post(f"/api/v1/supervision/orders/{order.pk}/{action}/", ORDER_INPUTS[action],
                 format="json")
    service = getattr(supervision_services, f"order_{action}")
    _expect(ORDER_MOVES, action, status,
            lambda: service(order_id=order.pk, actor=actor, **ORDER_INPUTS[action]), r)


# ---------------------------------------------------------------- screening reports

@pytest.mark.parametrize(("action", "status"),
                         _pairs(REPORT_MOVES, ScreeningReport.Status.values))
def test_a_report_moves_as_its_table_says(action, status, clerk, city_officer, t01, api):
    period = make_period(2026, 10)
    report = file_report(actor=clerk, period=period, unit=t01, on=date(2026, 10, 20))
    ScreeningReport.objects.filter(pk=report.pk).update(status=status)
    if action == "submit":  # filing is the create call's in the API: the service alone
        _expect(REPORT_MOVES, action, status, lambda: screening_services.screening_report_submit(
            report_id=report.pk, actor=clerk, now=at(date(2026, 10, 21))))
        return
    api.force_authenticate(city_officer)
    r = api.post(f"/api/v1/screening/reports/{report.pk}/return/", {"reason": "漏报一项"},
                 format="json")
    _expect(REPORT_MOVES, action, status, lambda: screening_services.screening_report_return(
        report_id=report.pk, actor=city_officer, reason="漏报一项", today=date(2026, 10, 22)),
            r)


def test_the_permissions_read_the_tables_roles(clerk, leader, supervisor, city_officer,
                                               t01, order_for_t01):
    assert supervision_permissions.can_respond(clerk, order_for_t01)
    assert not supervision_permissions.can_respond(supervisor, order_for_t01)
    assert supervision_permissions.can_supervise(supervisor)
    assert not supervision_permissions.can_supervise(clerk)
    assert screening_permissions.can_return(city_officer)
    assert not screening_permissions.can_return(clerk)
    assert screening_permissions.can_file(leader)
    assert not screening_permissions.can_file(supervisor)


@pytest.fixture
def order_for_t01(t01):
    return SupervisionOrder(org_unit=t01, status="open")

"""The petition's moves are declared once (petitions/transitions.py): every pair of
action and status the table forbids is refused by the service and by the API with
409 and the table's message; every pair it allows goes through; the detail page
offers exactly the table's actions; the forms, the API bodies, the services and the
permissions take what the table declares. Every move with a day declares its date
rule, and a day the rule refuses is refused by the service and the API with the
table's message, changing nothing."""

import inspect
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from accounts import roles
from core.errors import TransitionError
from core.transitions import FUTURE
from petitions import api, services
from petitions.forms import ACTION_FORMS, AcceptOverrideForm
from petitions.models import Petition
from petitions.permissions import ACTION_ROLES, can_void
from petitions.transitions import MOVES
from tests.builders import client_for, make_user, pin_clock, register

S = Petition.Status
RECEIVED = date(2026, 11, 2)
# The services each status is reached by, from a registered petition, with their day.
PATH = {
    S.ACCEPTED: [("accept", {"on": date(2026, 11, 3)})],
    S.DECLINED: [("decline", {"on": date(2026, 11, 3), "reason": "不属于信访事项"})],
    S.FORWARDED: [("forward", {"on": date(2026, 11, 3), "agency": "市人社局"})],
}
PATH[S.ASSIGNED] = [*PATH[S.ACCEPTED], ("assign", {})]
PATH[S.REPLIED] = [*PATH[S.ASSIGNED], ("reply", {"on": date(2026, 11, 5), "opinion": "已整改"})]
PATH[S.UNDER_REVIEW] = [*PATH[S.REPLIED], ("request_review", {"on": date(2026, 11, 6)})]
PATH[S.REVIEWED] = [*PATH[S.UNDER_REVIEW],
                    ("review_reply", {"on": date(2026, 11, 7), "opinion": "维持"})]
PATH[S.UNDER_RECHECK] = [*PATH[S.REVIEWED], ("request_recheck", {"on": date(2026, 11, 8)})]
PATH[S.RECHECKED] = [*PATH[S.UNDER_RECHECK],
                     ("recheck_reply", {"on": date(2026, 11, 10), "opinion": "维持"})]
PATH[S.CLOSED] = [*PATH[S.RECHECKED], ("close", {"on": date(2026, 11, 12)})]
STATUSES = [S.REGISTERED, *PATH]
# What each action is given when it is tried (on the pinned day, 2026-11-18).
INPUTS = {
    "accept": {"on": "2026-11-18"}, "decline": {"on": "2026-11-18", "reason": "理由"},
    "forward": {"on": "2026-11-18", "agency": "市人社局"}, "assign": {"org_unit": "T01"},
    "request_extension": {"days": 10, "reason": "需现场调查"}, "approve_extension": {},
    "refuse_extension": {"reason": "期限足够"}, "extend": {"days": 10, "reason": "需现场调查"},
    "reply": {"on": "2026-11-18", "opinion": "已整改"}, "request_review": {"on": "2026-11-18"},
    "review_reply": {"on": "2026-11-18", "opinion": "维持"},
    "request_recheck": {"on": "2026-11-18"}, "record_hearing": {"on": "2026-11-18", "days": 5},
    "recheck_reply": {"on": "2026-11-18", "opinion": "维持"}, "close": {"on": "2026-11-18"},
    "feedback": {"on": "2026-11-18", "result": "已办结并反馈"}, "void": {"reason": "重复登记"},
}
PAIRS = [(move.action, status) for move in MOVES for status in STATUSES]


@pytest.fixture
def everyone(t01):
    """A T01 user holding the clerk's and the leader's roles: every move's role."""
    return make_user("both_T01", t01, roles.CLERK, roles.LEADER)


def petition_in(status, actor, unit, person=1):
    p = register(actor, unit, received_on=RECEIVED, ids=(person,))
    for action, args in PATH.get(status, []):
        args = {"org_unit": unit} if action == "assign" else args
        getattr(services, f"petition_{action}")(petition_id=p.pk, actor=actor, **args)
    p.refresh_from_db()
    assert p.status == status
    return p


def _ask_for_extension(p, action):
    # Approving or refusing needs a waiting request: give every petition one, so the
    # status is what decides. Feedback goes upward only on a case from above.
    if action in ("approve_extension", "refuse_extension"):
        Petition.objects.filter(pk=p.pk).update(extension_requested_days=10,
                                                extension_request_reason="需现场调查")
    if action == "feedback":
        Petition.objects.filter(pk=p.pk).update(source=Petition.Source.UPPER,
                                                upper_ref="省信访局〔2026〕12号",
                                                feedback_due=date(2026, 12, 31))


def _service_args(action, t01):
    args = {k: date.fromisoformat(v) if k == "on" else v for k, v in INPUTS[action].items()}
    return {**args, "org_unit": t01} if action == "assign" else args


@pytest.mark.parametrize(("action", "status"), PAIRS, ids=[f"{a}-{s}" for a, s in PAIRS])
def test_the_service_and_the_api_follow_the_table(action, status, everyone, city_officer, t01,
                                                   api, today):
    allowed = status in MOVES[action].sources
    # Voiding a petition that was acted on is the city office's (permissions.can_void).
    actor = city_officer if action == "void" else everyone
    service = getattr(services, f"petition_{action}")
    p = petition_in(status, everyone, t01)
    _ask_for_extension(p, action)
    api.force_authenticate(actor)
    url = f"/api/v1/petitions/{p.pk}/{action}/"
    if not allowed:
        with pytest.raises(TransitionError) as refused:
            service(petition_id=p.pk, actor=actor, **_service_args(action, t01))
        assert refused.value.message == str(MOVES[action].refusal)
        r = api.post(url, INPUTS[action], format="json")
        assert r.status_code == 409, r.json()
        assert r.json()["detail"] == str(MOVES[action].refusal)
        p.refresh_from_db()
        assert p.status == status
        return
    service(petition_id=p.pk, actor=actor, **_service_args(action, t01))
    p.refresh_from_db()
    assert p.status == (MOVES[action].target or status)
    # Another person: the first one's matter may be closed after re-review by now.
    other = petition_in(status, everyone, t01, person=2)
    _ask_for_extension(other, action)
    r = api.post(f"/api/v1/petitions/{other.pk}/{action}/", INPUTS[action], format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["status"] == (MOVES[action].target or status)


@pytest.mark.parametrize("status", STATUSES)
def test_the_page_offers_exactly_the_tables_actions(status, client, everyone, t01, today):
    p = petition_in(status, everyone, t01)
    html = client_for(client, everyone).get(f"/petitions/{p.pk}/").content.decode()
    offered = {move.action for move in MOVES if f'data-testid="open-{move.action}"' in html}
    # Approving or refusing an extension is offered only while a request waits;
    # feedback only on a case from above; voiding by a unit leader only while the
    # petition is still only registered (permissions.can_void).
    expected = set(MOVES.actions_from(status)) - {"approve_extension", "refuse_extension",
                                                  "feedback"}
    if not can_void(everyone, p):
        expected.discard("void")
    assert offered == expected


@pytest.mark.parametrize("move", list(MOVES), ids=lambda m: m.action)
def test_the_form_the_api_and_the_service_take_the_inputs_the_table_declares(move):
    # The city office's accept form adds the override reason (three-level termination).
    form_class = AcceptOverrideForm if move.action == "accept" else ACTION_FORMS[move.action][0]
    assert tuple(form_class.base_fields) == move.inputs
    _service, body = api.ACTIONS[move.action]
    assert tuple(body().fields) == move.inputs
    # `today` is the injected clock, not an input of the move.
    service = getattr(services, f"petition_{move.action}")
    # `now` is the same for voiding; `request` carries the client's address to the audit row.
    keywords = set(inspect.signature(service).parameters) - {"petition_id", "actor", "today",
                                                             "now", "request"}
    assert keywords == set(move.inputs)
    assert ACTION_ROLES[move.action] == move.roles


# ---------------------------------------------------------------- date rules

DATED = [move for move in MOVES if move.dates is not None]
DATE_CASES = [(move.action, kind) for move in DATED
              for kind in ("future", "too_early", *(("too_late",) if move.dates.by else ()))]


def test_every_move_with_a_day_declares_a_date_rule():
    assert {move.action for move in DATED} == {move.action for move in MOVES
                                               if "on" in move.inputs}
    assert {move.action for move in MOVES if move.dates and move.dates.by} == {
        "request_review", "request_recheck"}


def _snapshot(p):
    return Petition.all_objects.filter(pk=p.pk).values().get(), p.events.count()


def _refused_day(move, p, kind, today, time_machine):
    """The day to try, the error it raises and the table's message for it."""
    rule = move.dates
    if kind == "future":
        return today + timedelta(days=1), ValidationError, str(FUTURE)
    if kind == "too_early":
        earliest = rule.after(p)
        return (earliest - timedelta(days=1), ValidationError,
                str(rule.too_early) % {"d": earliest.isoformat()})
    # The window has passed: the clock moves past its last day.
    last = rule.by(p)
    pin_clock(time_machine, last + timedelta(days=2))
    return last + timedelta(days=1), TransitionError, str(rule.too_late)


@pytest.mark.parametrize(("action", "kind"), DATE_CASES, ids=[f"{a}-{k}" for a, k in DATE_CASES])
def test_a_day_the_rule_refuses_is_refused_by_the_service_and_the_api(
        action, kind, everyone, t01, api, today, time_machine):
    move = MOVES[action]
    status = next(s for s in STATUSES if s in move.sources)
    p = petition_in(status, everyone, t01)
    _ask_for_extension(p, action)
    p.refresh_from_db()
    on, error, message = _refused_day(move, p, kind, today, time_machine)
    before = _snapshot(p)
    service = getattr(services, f"petition_{action}")
    with pytest.raises(error) as refused:
        service(petition_id=p.pk, actor=everyone, **{**_service_args(action, t01), "on": on})
    if error is ValidationError:
        assert refused.value.message_dict == {"on": [message]}
    else:
        assert refused.value.message == message
    api.force_authenticate(everyone)
    r = api.post(f"/api/v1/petitions/{p.pk}/{action}/", {**INPUTS[action], "on": on.isoformat()},
                 format="json")
    if error is ValidationError:
        assert (r.status_code, r.json()) == (400, {"on": [message]})
    else:
        assert (r.status_code, r.json()) == (409, {"detail": message})
    assert _snapshot(p) == before


@pytest.mark.parametrize("move", DATED, ids=lambda m: m.action)
def test_the_first_day_the_rule_allows_goes_through(move, everyone, t01, today):
    status = next(s for s in STATUSES if s in move.sources)
    p = petition_in(status, everyone, t01)
    _ask_for_extension(p, move.action)
    p.refresh_from_db()
    service = getattr(services, f"petition_{move.action}")
    service(petition_id=p.pk, actor=everyone,
            **{**_service_args(move.action, t01), "on": move.dates.after(p)})
    assert p.events.order_by("-id").first().action == move.action

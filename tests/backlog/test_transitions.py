"""The backlog case's moves are declared once (backlog/transitions.py): the services,
the case page, the permissions, the forms and the API all follow that table."""

import inspect
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from backlog import api, services, views
from backlog.models import BacklogCase
from backlog.permissions import ACTION_ROLES
from backlog.transitions import MOVES
from core.errors import TransitionError
from core.transitions import FUTURE

S = BacklogCase.Status
SERIALIZERS = {"submit_plan": api.PlanSerializer, "report_progress": api.ProgressSerializer,
               "resolve": api.ResolveSerializer, "verify": api.EmptySerializer,
               "reopen": api.ReasonSerializer}


@pytest.mark.parametrize("move", list(MOVES), ids=lambda m: m.action)
def test_the_form_the_api_and_the_service_take_the_inputs_the_table_declares(move):
    form_class, service = views.ACTIONS[move.action]
    assert tuple(form_class.base_fields if form_class else ()) == move.inputs
    assert tuple(SERIALIZERS[move.action]().fields) == move.inputs
    # `today` is the injected clock (issue 13), not an input of the move.
    keywords = set(inspect.signature(service).parameters) - {"case_id", "actor", "today"}
    assert keywords == set(move.inputs)
    assert ACTION_ROLES[move.action] == move.roles


def test_the_page_offers_what_the_table_allows_from_each_status():
    assert MOVES.actions_from(S.ASSIGNED) == ["submit_plan"]
    assert MOVES.actions_from(S.IN_PROGRESS) == ["report_progress", "resolve"]
    assert MOVES.actions_from(S.RESOLVED) == ["verify", "reopen"]
    assert MOVES.actions_from(S.VERIFIED) == []


def test_a_move_from_the_wrong_status_is_refused_with_its_message(case, city_officer):
    with pytest.raises(TransitionError) as refused:
        services.case_verify(case_id=case.pk, actor=city_officer)
    assert refused.value.message == str(MOVES["verify"].refusal) != ""
    case.refresh_from_db()
    assert case.status == S.ASSIGNED


# ---------------------------------------------------------------- date rules

DATED = [move for move in MOVES if move.dates is not None]
# What each dated move is given besides its day.
OTHER_INPUTS = {"report_progress": {"note": "已约谈当事人"},
                "resolve": {"outcome": "签订化解协议", "outcome_document": "agreement",
                            "satisfaction_signed": True}}


def test_every_move_with_a_day_declares_a_date_rule():
    assert {m.action for m in DATED} == {m.action for m in MOVES if "on" in m.inputs}


@pytest.mark.parametrize("kind", ["future", "too_early"])
@pytest.mark.parametrize("move", DATED, ids=lambda m: m.action)
def test_a_day_the_rule_refuses_is_refused_by_the_service_and_the_api(move, kind, case, leader,
                                                                      api, today):
    services.case_submit_plan(case_id=case.pk, actor=leader, plan="分步化解")
    case.refresh_from_db()
    if kind == "future":
        on, message = today + timedelta(days=1), str(FUTURE)
    else:
        on, message = case.assigned_on - timedelta(days=1), str(move.dates.too_early)
    before = (BacklogCase.objects.filter(pk=case.pk).values().get(), case.events.count(),
              case.progress.count())
    service = views.ACTIONS[move.action][1]
    with pytest.raises(ValidationError) as refused:
        service(case_id=case.pk, actor=leader, on=on, **OTHER_INPUTS[move.action])
    assert refused.value.message_dict == {"on": [message]}
    api.force_authenticate(leader)
    r = api.post(f"/api/v1/backlog/cases/{case.pk}/{move.action}/",
                 {"on": on.isoformat(), **OTHER_INPUTS[move.action]}, format="json")
    assert (r.status_code, r.json()) == (400, {"on": [message]})
    assert (BacklogCase.objects.filter(pk=case.pk).values().get(), case.events.count(),
            case.progress.count()) == before

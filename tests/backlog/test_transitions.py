"""The backlog case's moves are declared once (backlog/transitions.py): the services,
the case page, the permissions, the forms and the API all follow that table."""

import inspect

import pytest

from backlog import api, services, views
from backlog.models import BacklogCase
from backlog.permissions import ACTION_ROLES
from backlog.transitions import MOVES
from core.errors import TransitionError

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

"""The risk matter's moves declare their date rules (stability/transitions.py): a day
the rule refuses is refused by the service and by the API with the table's message,
and changes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from core.transitions import FUTURE
from stability import services
from stability.models import RiskMatter
from stability.transitions import MOVES
from tests.builders import days_ago

DATED = [move for move in MOVES if move.dates is not None]
SERVICES = {"log_contact": services.matter_log_contact, "resolve": services.matter_resolve}
OTHER_INPUTS = {"log_contact": {"summary": "入户走访", "outcome": "同意调解"},
                "resolve": {"outcome": "签订调解协议"}}


def test_every_move_with_a_day_declares_a_date_rule():
    assert {m.action for m in DATED} == {m.action for m in MOVES if "on" in m.inputs}


def _snapshot(matter):
    return (RiskMatter.objects.filter(pk=matter.pk).values().get(), matter.events.count(),
            matter.contacts.count())


# A resolution may not predate the last contact either (a new contact may).
CASES = [(move.action, kind) for move in DATED for kind in ("future", "before_opened")]
CASES.append(("resolve", "before_last_contact"))


@pytest.mark.parametrize(("action", "kind"), CASES, ids=[f"{a}-{k}" for a, k in CASES])
def test_a_day_the_rule_refuses_is_refused_by_the_service_and_the_api(action, kind, today,
                                                                      matter, leader, api):
    move = MOVES[action]
    if kind == "future":
        on, message = today + timedelta(days=1), str(FUTURE)
    elif kind == "before_opened":
        on = matter.opened_on - timedelta(days=1)
        message = str(move.dates.too_early) % {"day": matter.opened_on.isoformat()}
    else:
        services.matter_log_contact(matter_id=matter.pk, actor=leader, on=days_ago(5),
                                    summary="座谈", outcome="达成初步共识")
        on, message = days_ago(6), str(move.dates.too_early) % {"day": days_ago(5).isoformat()}
    matter.refresh_from_db()
    before = _snapshot(matter)
    with pytest.raises(ValidationError) as refused:
        SERVICES[move.action](matter_id=matter.pk, actor=leader, on=on,
                              **OTHER_INPUTS[move.action])
    assert refused.value.message_dict == {"on": [message]}
    api.force_authenticate(leader)
    r = api.post(f"/api/v1/stability/matters/{matter.pk}/{move.action}/",
                 {"on": on.isoformat(), **OTHER_INPUTS[move.action]}, format="json")
    assert (r.status_code, r.json()) == (400, {"on": [message]})
    assert _snapshot(matter) == before


def test_a_contact_may_predate_the_last_contact_but_a_resolution_may_not(today, matter, leader):
    services.matter_log_contact(matter_id=matter.pk, actor=leader, on=days_ago(5),
                                summary="座谈", outcome="达成初步共识")
    services.matter_log_contact(matter_id=matter.pk, actor=leader, on=days_ago(6),
                                summary="电话", outcome="约定面谈")
    services.matter_resolve(matter_id=matter.pk, actor=leader, on=days_ago(5), outcome="和解")
    matter.refresh_from_db()
    assert (matter.status, matter.resolved_on) == (RiskMatter.Status.RESOLVED, days_ago(5))

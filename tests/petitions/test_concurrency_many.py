"""Twenty concurrent actions on one petition leave a legal state (PostgreSQL)."""

import threading
from datetime import date

import pytest
from django.db import connection

from core.errors import TransitionError
from petitions import services as sv
from petitions.models import Petition, PetitionEvent
from tests.builders import register

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no row locks")]


def test_twenty_concurrent_actions_leave_one_legal_outcome(clerk, t01):
    p = register(clerk, t01)
    on = date(2026, 9, 17)
    actions = [
        lambda: sv.petition_accept(petition_id=p.pk, actor=clerk, on=on),
        lambda: sv.petition_decline(petition_id=p.pk, actor=clerk, on=on, reason="不属于信访事项"),
        lambda: sv.petition_forward(petition_id=p.pk, actor=clerk, on=on, agency="市法院"),
        lambda: sv.petition_assign(petition_id=p.pk, actor=clerk, org_unit=t01),
    ] * 5
    barrier, results = threading.Barrier(len(actions)), []

    def worker(action):
        barrier.wait()
        try:
            results.append(action())
        except Exception as error:  # noqa: BLE001 - we count outcomes
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(a,)) for a in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    successes = [r for r in results if isinstance(r, Petition)]
    assert all(isinstance(r, Petition | TransitionError) for r in results), results
    p.refresh_from_db()
    # From "registered" exactly one of accept/decline/forward can win; assign can
    # follow only an accept. Every success wrote exactly one event.
    assert p.status in {"accepted", "declined", "forwarded", "assigned"}
    moves = PetitionEvent.objects.filter(petition=p).exclude(action="register")
    assert moves.count() == len(successes)
    first = moves.order_by("id").first()
    assert first.from_status == "registered"
    assert len({e.action for e in moves} & {"accept", "decline", "forward"}) == 1

"""Row locks: concurrent accepts and concurrent registrations (PostgreSQL only)."""

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


def run_together(fn, n=2):
    barrier, results = threading.Barrier(n), []

    def worker():
        barrier.wait()
        try:
            results.append(fn())
        except Exception as e:  # noqa: BLE001 - the outcome is what we count
            results.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_concurrent_accepts_one_wins_one_conflicts(clerk, t01):
    p = register(clerk, t01)
    results = run_together(lambda: sv.petition_accept(petition_id=p.pk, actor=clerk,
                                                      on=date(2026, 9, 17)))
    assert sum(isinstance(r, Petition) for r in results) == 1
    assert sum(isinstance(r, TransitionError) for r in results) == 1
    assert PetitionEvent.objects.filter(petition=p, action="accept").count() == 1


def test_concurrent_registrations_get_distinct_numbers(clerk, t01):
    register(clerk, t01, ids=(99,))  # the year's counter row exists
    counter = iter(range(1, 100))
    results = run_together(lambda: register(clerk, t01, ids=(next(counter),)), n=4)
    assert all(isinstance(r, Petition) for r in results), results
    numbers = {r.number for r in results}
    assert len(numbers) == 4

"""Two submits at the same moment: the database, not luck, keeps one report."""

import threading
from datetime import date

import pytest
from django.db import connection, connections

from core.errors import TransitionError
from screening.models import ScreeningReport
from tests.builders import at, make_period

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locking")
def test_two_simultaneous_submits_make_one_report_and_one_conflict(clerk, leader, t01):
    from screening.services import screening_report_create

    period = make_period(2026, 10)
    barrier = threading.Barrier(2)
    outcomes = []

    def submit(user):
        try:
            barrier.wait()
            screening_report_create(actor=user, period=period, org_unit=t01, zero_report=True,
                                    items=[], now=at(date(2026, 10, 20)))
            outcomes.append("created")
        except TransitionError:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(user,)) for user in (clerk, leader)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "created"]
    assert ScreeningReport.objects.count() == 1

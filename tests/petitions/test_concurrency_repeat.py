"""Repeat detection under concurrency (issue 15, item 10; PostgreSQL only)."""

import pytest
from django.db import connection

from petitions.models import Petition
from tests.builders import register
from tests.petitions.test_concurrency import run_together

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises every write")]


def test_two_parallel_registrations_of_a_new_person_make_one_first_and_one_repeat(clerk,
                                                                                  outsider,
                                                                                  t01, t02):
    register(clerk, t01, ids=(99,))  # the year's counter row exists
    actors = iter([(clerk, t01), (outsider, t02)])
    results = run_together(lambda: register(*next(actors), ids=(42,)))
    assert all(isinstance(r, Petition) for r in results), results
    first, later = sorted(results, key=lambda p: p.number)
    assert first.is_first and not first.is_repeat
    assert later.is_repeat and later.repeat_of_id == first.pk and not later.is_first

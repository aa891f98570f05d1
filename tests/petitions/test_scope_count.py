"""The count of a list with no filter comes from the units' indexes alone
(petitions.selectors.petition_scope_count, issue 21 at 2,000,000 petitions): it must be
the count of the list itself, for every role, whatever units a petition names."""

import random
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from petitions.models import Petition
from petitions.selectors import petition_list_for, petition_scope_count
from tests.builders import client_for, petition_row

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def mixed(t01, t02, t01_village, d01):
    """Petitions registered, handled and about a matter in every combination of units,
    some voided: the three parts of the count must neither miss nor double one."""
    rng = random.Random(21)
    units = [t01, t02, t01_village, d01]
    for n in range(60):
        petition = petition_row(rng.choice(units), received_on=date(2026, 1, 1)
                                + timedelta(days=n), status=rng.choice(["assigned", "closed"]))
        Petition.all_objects.filter(pk=petition.pk).update(
            handling_unit=rng.choice([None, *units]), matter_unit=rng.choice([None, None, *units]),
            status=rng.choice([petition.status] * 5 + ["voided"]))
    return units


def test_the_scope_count_is_the_lists_count_for_every_role(mixed, clerk, outsider,
                                                           city_officer):
    for user in (clerk, outsider, city_officer):
        listed = petition_list_for(user=user).count()
        assert petition_scope_count(user) == listed
    # Every part matters: T01's scope holds petitions registered elsewhere (handled or
    # about a matter of T01 or its village) and leaves voided ones out.
    assert 0 < petition_scope_count(clerk) < petition_scope_count(city_officer)


def test_the_list_page_and_the_api_show_the_same_total_with_and_without_a_filter(
        client, mixed, clerk):
    listed = petition_list_for(user=clerk).count()
    client_for(client, clerk)
    page = client.get("/petitions/", **ZH).content.decode()
    # A filter that keeps every live petition takes the ordinary count: both agree.
    filtered = client.get("/petitions/?received_from=2000-01-01", **ZH).content.decode()

    def total(html):
        return int(re.search(r"共 (\d+) 件", html).group(1))

    assert total(page) == total(filtered) == listed
    # With no filter, neither the page nor the API counts the ORed unit filter over the
    # petitions: the count is petition_scope_count's three index parts.
    for url in ("/petitions/", "/api/v1/petitions/"):
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, **ZH)
        counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"]]
        assert counts and all(not sql.startswith("SELECT COUNT(*) AS") for sql in counts)
    api = client.get("/api/v1/petitions/").json()
    assert api["count"] == listed == client.get(
        "/api/v1/petitions/?received_from=2000-01-01").json()["count"]
    assert client.get("/api/v1/petitions/?page=2&page_size=10").json()["count"] == listed


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_compiles_no_query_jit(db):
    """JIT compiled a township's list count at 2M in 30-150 ms (docs/decisions.md)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"

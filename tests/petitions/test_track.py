"""The public follow-up page (issue 15, item 7): query code, one rating,
throttles per number and per real client address, audited lookups."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.core.cache import cache

from audit.models import AuditEntry
from petitions import services as sv
from petitions.models import QUERY_CODE_ALPHABET, Petition
from tests.builders import id_number, register

URL = "/petitions/track/"


@pytest.fixture(autouse=True)
def _fresh_counters():
    # Only this test's counters: the cache may be a shared Redis.
    keys = ["track:127.0.0.1", "track:10.0.0.9", "track:203.0.113.7", "track:203.0.113.8",
            "track:198.51.100.1"] + [f"track-number:XF-2026-{n:06d}" for n in range(1, 6)]
    cache.delete_many(keys)
    yield
    cache.delete_many(keys)


@pytest.fixture
def replied(clerk, t01):
    p = register(clerk, t01)
    sv.petition_accept(petition_id=p.pk, actor=clerk, on=date(2026, 9, 17))
    return sv.petition_reply(petition_id=p.pk, actor=clerk, on=date(2026, 10, 9),
                             opinion="已责令整改")


def _look(client, p, code, **extra):
    return client.post(URL, {"number": p.number, "query_code": code, **extra},
                       **{k: v for k, v in extra.items() if k.isupper()}).content.decode()


def test_every_petition_gets_a_random_eight_character_query_code(clerk, t01):
    a, b = register(clerk, t01, ids=(1,)), register(clerk, t01, ids=(2,))
    for p in (a, b):
        assert len(p.query_code) == 8 and set(p.query_code) <= set(QUERY_CODE_ALPHABET)
    assert a.query_code != b.query_code


def test_the_id_tail_no_longer_opens_the_page(client, replied):
    html = client.post(URL, {"number": replied.number, "id_tail": id_number(1)[-6:]}
                       ).content.decode()
    assert "已责令整改" not in html


def test_the_query_code_opens_the_page_and_the_detail_page_prints_it(client, clerk, replied):
    assert "已责令整改" in _look(client, replied, replied.query_code.lower())
    client.force_login(clerk)
    assert replied.query_code in client.get(f"/petitions/{replied.pk}/").content.decode()


def test_a_petition_can_be_rated_only_once(client, replied):
    _look(client, replied, replied.query_code, satisfaction="dissatisfied")
    html = _look(client, replied, replied.query_code, satisfaction="satisfied")
    replied.refresh_from_db()
    assert replied.satisfaction == "dissatisfied"
    assert 'name="satisfaction"' not in html


def test_lookups_of_one_number_are_throttled_from_any_address(client, replied):
    for n in range(5):
        client.post(URL, {"number": replied.number, "query_code": "AAAAAAAA"},
                    REMOTE_ADDR=f"198.51.100.{n + 1}")
    html = _look(client, replied, replied.query_code)
    assert "已责令整改" not in html


def test_behind_the_trusted_proxy_each_citizen_has_their_own_limit(client, replied, settings,
                                                                   clerk, t01):
    settings.TRUSTED_PROXIES = ["10.0.0.9"]
    others = [register(clerk, t01, ids=(n,)) for n in (2, 3)]
    for p in others * 5:  # 10 lookups from one citizen, through the proxy
        client.post(URL, {"number": p.number, "query_code": "AAAAAAAA"},
                    REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="203.0.113.7")
    blocked = client.post(URL, {"number": replied.number, "query_code": replied.query_code},
                          REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert "已责令整改" not in blocked.content.decode()
    other_citizen = client.post(URL, {"number": replied.number,
                                      "query_code": replied.query_code},
                                REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert "已责令整改" in other_citizen.content.decode()


def test_a_forwarded_for_header_from_anyone_else_is_ignored(client, replied, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.9"]
    client.post(URL, {"number": replied.number, "query_code": "AAAAAAAA"},
                REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert AuditEntry.objects.get(action="track_lookup").ip == "198.51.100.1"


def test_lookups_are_audited(client, replied):
    _look(client, replied, "AAAAAAAA")
    _look(client, replied, replied.query_code)
    found = list(AuditEntry.objects.filter(action="track_lookup").order_by("id")
                 .values_list("object_id", "data"))
    assert [d["found"] for _n, d in found] == [False, True]
    assert all(n == replied.number for n, _d in found)


def test_the_data_migration_gives_existing_petitions_a_code(clerk, t01):
    p = register(clerk, t01)
    Petition.objects.filter(pk=p.pk).update(query_code="")
    migration = importlib.import_module("petitions.migrations.0004_petition_query_code")
    migration.give_existing_petitions_a_code(apps, None)
    p.refresh_from_db()
    assert len(p.query_code) == 8

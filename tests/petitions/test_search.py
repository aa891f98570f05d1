"""Search (issue 19, item 1): number fragments, names, content, replies, the handling unit;
ID numbers only whole, through the keyed hash; never outside the user's scope."""

import re
from datetime import date

from django.db import connection

from audit.models import AuditEntry
from petitions import services as sv
from petitions.models import Petition
from petitions.retention import ANONYMISED
from tests.builders import client_for, id_number, register


def _numbers(client, query: str) -> set[str]:
    r = client.get("/petitions/", {"q": query})
    assert r.status_code == 200
    pks = {int(pk) for pk in re.findall(r'href="/petitions/(\d+)/', r.content.decode())}
    return set(Petition.objects.filter(pk__in=pks).values_list("number", flat=True))


def test_the_city_finds_by_number_fragment_name_content_reply_and_unit(
        client, clerk, city_officer, t01, d01, december):
    a = register(clerk, t01, ids=(1,), title="噪音扰民")
    b = register(clerk, t01, ids=(2,), title="拖欠工资")
    sv.petition_accept(petition_id=b.pk, actor=city_officer, on=date(2026, 9, 20))
    sv.petition_assign(petition_id=b.pk, actor=city_officer, org_unit=d01,
                       today=date(2026, 9, 21))
    sv.petition_reply(petition_id=b.pk, actor=city_officer, on=date(2026, 10, 9),
                      opinion="已督促用人单位补发工资")
    client_for(client, city_officer)
    assert _numbers(client, a.number[-6:]) == {a.number}           # "000001"
    assert _numbers(client, a.number[-3:].lstrip("0") or "1") >= {a.number}
    assert _numbers(client, "张1") == {a.number}                   # a petitioner's name
    assert _numbers(client, "排污") == {a.number, b.number}         # content
    assert _numbers(client, "补发工资") == {b.number}               # the reply
    assert _numbers(client, "市住建局") == {b.number}               # the handling unit
    assert _numbers(client, "xf-2026") == {a.number, b.number}     # case does not matter


def test_an_id_number_matches_whole_and_through_the_hash_only(client, clerk, city_officer, t01):
    a = register(clerk, t01, ids=(1,))
    register(clerk, t01, ids=(2,))
    client_for(client, city_officer)
    assert _numbers(client, id_number(1)) == {a.number}
    assert _numbers(client, id_number(1).lower()) == {a.number}
    assert _numbers(client, id_number(1)[:10]) == set()            # never a substring
    assert id_number(1) not in Petition.objects.get(pk=a.pk).search_text
    assert AuditEntry.objects.filter(action="petition_search_id", actor=city_officer).exists()


def test_a_clerks_search_never_returns_another_townships_petition(client, clerk, outsider,
                                                                   t01, t02):
    mine = register(clerk, t01, ids=(1,), title="河道污染")
    theirs = register(outsider, t02, ids=(2,), title="河道污染")
    client_for(client, clerk)
    assert _numbers(client, "河道") == {mine.number}
    assert _numbers(client, theirs.number) == set()
    assert _numbers(client, "张2") == set()
    assert _numbers(client, id_number(2)) == set()
    assert _numbers(client, "东城街道") == set()
    client_for(client, outsider)
    assert _numbers(client, "河道") == {theirs.number}


def test_the_api_searches_the_same_way(api, clerk, city_officer, t01):
    a = register(clerk, t01, ids=(7,))
    api.force_authenticate(city_officer)
    r = api.get("/api/v1/petitions/", {"q": "张7"})
    assert [row["number"] for row in r.json()["results"]] == [a.number]


def test_a_corrected_or_anonymised_name_leaves_the_search(client, clerk, city_officer, t01):
    p = register(clerk, t01, ids=(1,))
    person = p.petitioners.get()
    sv.petitioner_update(petitioner_id=person.pk, actor=city_officer, name="李四",
                         phone="", address="")
    client_for(client, city_officer)
    assert _numbers(client, "李四") == {p.number}
    assert _numbers(client, "张1") == set()
    sv.petition_decline(petition_id=p.pk, actor=clerk, on=date(2026, 9, 17), reason="不予受理")
    from petitions.retention import petitioners_anonymise
    assert petitioners_anonymise(as_of=date(2040, 1, 1)) == 1
    assert _numbers(client, "李四") == set()
    assert ANONYMISED in Petition.objects.get(pk=p.pk).search_text


def test_the_search_uses_the_trigram_index_on_postgresql(clerk, t01):
    if connection.vendor != "postgresql":
        return
    register(clerk, t01)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM petitions_petition "
                       "WHERE search_text LIKE '%%000269%%'")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "petition_search_trgm" in plan


def test_a_search_reads_the_trigram_index_once_and_a_broad_one_still_finds_everything(
        client, clerk, city_officer, t01, settings, monkeypatch):
    """Issue 21: a page counts and lists the matches; a specific search reads its
    matching ids once, a broad one (more than SEARCH_IDS_AT_MOST) the plain way."""
    from django.test.utils import CaptureQueriesContext

    from petitions import search

    a = register(clerk, t01, ids=(1,), title="河道污染")
    b = register(clerk, t01, ids=(2,), title="河道污染")
    register(clerk, t01, ids=(3,), title="拖欠工资")
    client_for(client, city_officer)
    with CaptureQueriesContext(connection) as ctx:
        assert _numbers(client, "河道") == {a.number, b.number}
    reads = [q["sql"] for q in ctx.captured_queries if "search_text\"::text LIKE" in q["sql"]
             or "search_text\" LIKE" in q["sql"]]
    assert len(reads) == (1 if connection.vendor == "postgresql" else 2)
    monkeypatch.setattr(search, "SEARCH_IDS_AT_MOST", 1)
    assert _numbers(client, "河道") == {a.number, b.number}
    r = client.get("/petitions/", {"q": "河道"})
    assert r.context["page"].paginator.count == 2

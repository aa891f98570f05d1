"""The petition pages, per role."""

import io
from datetime import date

import pytest
from django.utils.html import strip_tags
from openpyxl import load_workbook

from petitions import services as sv
from petitions.models import Petition, PetitionEvent
from tests.builders import client_for, id_number, register


@pytest.fixture
def p(clerk, t01):
    return register(clerk, t01, received_on=date(2026, 9, 16))


def test_the_list_shows_scoped_petitions_with_marks_and_the_export_link(client, clerk, t01, t02,
                                                                        outsider, p):
    other = register(outsider, t02, ids=(9,))
    r = client_for(client, clerk).get("/petitions/")
    html = r.content.decode()
    assert r.status_code == 200
    assert p.number in html
    assert other.number not in html
    assert 'data-testid="overdue"' in html
    assert "/exports/petitions.xlsx" in html


def test_the_list_filters(client, city_officer, clerk, t01, p):
    register(clerk, t01, ids=(2,), category="other", title="拖欠工资")
    html = client_for(client, city_officer).get("/petitions/?category=other").content.decode()
    assert "拖欠工资" in html
    assert p.number not in html


def test_the_list_query_count_is_constant(client, clerk, t01, django_assert_max_num_queries):
    for i in range(15):
        register(clerk, t01, ids=(20 + i,))
    client_for(client, clerk)
    with django_assert_max_num_queries(12):
        assert client.get("/petitions/").status_code == 200


def test_the_detail_is_404_out_of_scope(client, outsider, p):
    client_for(client, outsider)
    assert client.get(f"/petitions/{p.pk}/").status_code == 404
    assert client.post(f"/petitions/{p.pk}/act/accept/", {"accept-on": "2026-09-17"}
                       ).status_code == 404


def test_a_clerk_registers_through_the_form(client, clerk, t01, december):
    client_for(client, clerk)
    assert client.get("/petitions/new/").status_code == 200
    r = client.post("/petitions/new/", {
        "channel": "letter", "received_on": "2026-09-05", "org_unit": "T01",
        "category": "environment", "level": "local", "headcount": "1", "title": "噪音扰民",
        "content": "夜间施工", "p-TOTAL_FORMS": "1", "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "1", "p-MAX_NUM_FORMS": "20", "p-0-name": "李四",
        "p-0-id_number": id_number(11), "p-0-phone": "", "p-0-address": ""})
    p = Petition.objects.get()
    assert r.status_code == 302
    assert r.url == f"/petitions/{p.pk}/"
    assert p.acceptance_due == date(2026, 9, 20)


def test_a_bad_id_number_is_a_form_error(client, clerk, t01):
    client_for(client, clerk)
    bad = id_number(11)[:17] + ("1" if id_number(11)[17] != "1" else "2")
    r = client.post("/petitions/new/", {
        "channel": "letter", "received_on": "2026-09-05", "org_unit": "T01",
        "category": "environment", "level": "local", "headcount": "1", "title": "t",
        "content": "c", "p-TOTAL_FORMS": "1", "p-INITIAL_FORMS": "0", "p-0-name": "李四",
        "p-0-id_number": bad})
    assert r.status_code == 200
    assert "is-invalid" in r.content.decode()
    assert not Petition.objects.exists()


def test_a_supervisor_cannot_register(client, supervisor):
    assert client_for(client, supervisor).get("/petitions/new/").status_code == 403


def test_the_detail_offers_the_actions_of_the_role(client, clerk, supervisor, p):
    html = client_for(client, clerk).get(f"/petitions/{p.pk}/").content.decode()
    assert 'data-testid="do-accept"' in html
    assert 'data-testid="do-decline"' in html
    html = client_for(client, supervisor).get(f"/petitions/{p.pk}/").content.decode()
    assert "do-accept" not in html
    assert client.post(f"/petitions/{p.pk}/act/accept/", {"accept-on": "2026-09-17"}
                       ).status_code == 403


def test_an_action_through_the_page(client, clerk, p):
    client_for(client, clerk)
    r = client.post(f"/petitions/{p.pk}/act/accept/", {"accept-on": "2026-09-17"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == "accepted"
    assert p.handling_due == date(2026, 11, 16)


def test_a_bad_date_is_a_form_error_and_a_wrong_status_a_message(client, clerk, p):
    client_for(client, clerk)
    r = client.post(f"/petitions/{p.pk}/act/accept/", {"accept-on": "2026-09-01"})
    assert r.status_code == 400
    assert "2026-09-16" in r.content.decode()
    sv.petition_accept(petition_id=p.pk, actor=clerk, on=date(2026, 9, 17))
    r = client.post(f"/petitions/{p.pk}/act/decline/", {"decline-on": "2026-09-18",
                                                        "decline-reason": "x"}, follow=True)
    assert "alert-danger" in r.content.decode()
    p.refresh_from_db()
    assert p.status == "accepted"


def test_revealing_an_id_number_is_logged(client, clerk, supervisor, p):
    person = p.petitioners.get()
    html = client_for(client, clerk).get(f"/petitions/{p.pk}/").content.decode()
    assert id_number(1) not in html
    r = client.post(f"/petitions/{p.pk}/reveal/{person.pk}/")
    assert id_number(1) in r.content.decode()
    assert PetitionEvent.objects.filter(action="reveal_id", actor=clerk).count() == 1
    client_for(client, supervisor)
    assert client.post(f"/petitions/{p.pk}/reveal/{person.pk}/").status_code == 403


def test_the_export_follows_the_filters_and_holds_no_id_numbers(client, clerk, t01, p):
    register(clerk, t01, ids=(2,), category="other", title="=HYPERLINK(1)")
    r = client_for(client, clerk).get("/exports/petitions.xlsx?category=environment")
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == p.number
    assert rows[1][1].date() == date(2026, 9, 16)
    assert id_number(1) not in str(rows)


def test_the_public_page_shows_the_reply_and_takes_a_rating(client, clerk, p):
    from django.core.cache import cache

    cache.delete("track:127.0.0.1")
    sv.petition_accept(petition_id=p.pk, actor=clerk, on=date(2026, 9, 17))
    sv.petition_reply(petition_id=p.pk, actor=clerk, on=date(2026, 10, 9), opinion="已责令整改")
    cache.delete(f"track-number:{p.number}")
    html = client.post("/petitions/track/", {"number": p.number, "query_code": "AAAAAAAA"}
                       ).content.decode()
    assert "已责令整改" not in html
    html = client.post("/petitions/track/", {"number": p.number, "query_code": p.query_code}
                       ).content.decode()
    assert "已责令整改" in html
    assert p.title in html
    client.post("/petitions/track/", {"number": p.number, "query_code": p.query_code,
                                      "satisfaction": "satisfied"})
    p.refresh_from_db()
    assert p.satisfaction == "satisfied"


def test_the_public_page_is_rate_limited(client, p):
    from django.core.cache import cache

    # Only this client's counter: the cache may be a shared Redis.
    cache.delete("track:127.0.0.1")
    for n in range(10):
        client.post("/petitions/track/", {"number": f"XF-2026-9{n:05d}",
                                          "query_code": "AAAAAAAA"})
    html = client.post("/petitions/track/", {"number": p.number,
                                             "query_code": p.query_code}).content.decode()
    assert p.title not in html
    cache.delete("track:127.0.0.1")


def test_the_id_check_warns_of_earlier_petitions_without_leaking_other_units(
        client, clerk, outsider, t01, t02):
    earlier = register(clerk, t01, ids=(5,))
    client_for(client, clerk)
    html = client.post("/petitions/check-petitioner/", {"p-0-id_number": id_number(5)}
                       ).content.decode()
    assert earlier.number in html
    client_for(client, outsider)
    html = client.post("/petitions/check-petitioner/", {"p-0-id_number": id_number(5)}
                       ).content.decode()
    assert earlier.number not in html
    assert "text-warning-emphasis" in html
    html = client.post("/petitions/check-petitioner/", {"p-0-id_number": "123"}).content.decode()
    assert "text-danger" in html


def _timeline(html: str) -> str:
    start = html.index('data-testid="timeline"')
    return " ".join(strip_tags(html[start:html.index("</ol>", start)]).split())


def test_the_timeline_reads_in_words_not_codes(client, clerk, p):
    client_for(client, clerk).post(f"/petitions/{p.pk}/act/accept/",
                                   {"accept-on": "2026-09-17"})
    timeline = _timeline(client.get(f"/petitions/{p.pk}/").content.decode())
    assert "登记 · — → 已登记" in timeline and "受理 · 已登记 → 已受理" in timeline
    for code in ("register", "registered", "accept", "accepted"):
        assert code not in timeline

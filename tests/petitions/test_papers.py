"""The papers a petition office hands out (issue 19, item 7): each a page and a PDF
whose text carries the office, the number, the dates in words and the rights."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from petitions import services as sv
from tests.builders import client_for, register

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    # Text extraction may break lines anywhere: compare without whitespace.
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def p(clerk, t01):
    return register(clerk, t01)


@pytest.fixture
def accepted(clerk, p):
    return sv.petition_accept(petition_id=p.pk, actor=clerk, on=date(2026, 9, 17))


def test_the_acceptance_notice_pdf_carries_office_number_dates_and_query_code(
        client, clerk, accepted):
    client_for(client, clerk)
    text = pdf_text(client.get(f"/petitions/{accepted.pk}/papers/acceptance.pdf"))
    assert "受理告知书" in text
    assert "城关镇" in text
    assert accepted.number in text
    assert "2026年9月16日" in text  # received
    assert "2026年9月17日" in text  # accepted, and the signature's date
    assert "2026年11月16日" in text  # the 60-day reply deadline
    assert accepted.query_code and accepted.query_code in text
    assert "张1" in text


def test_the_acceptance_notice_page_has_a_print_button_and_the_query_code(
        client, clerk, accepted):
    client_for(client, clerk)
    r = client.get(f"/petitions/{accepted.pk}/papers/acceptance/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "data-print" in html and "js/paper.js" in html
    assert accepted.query_code in html
    assert "2026年9月17日" in html


def test_the_decline_notice_pdf_gives_the_reason(client, clerk, p):
    sv.petition_decline(petition_id=p.pk, actor=clerk, on=date(2026, 9, 18),
                        reason="不属于本机关职权范围")
    client_for(client, clerk)
    text = pdf_text(client.get(f"/petitions/{p.pk}/papers/decline.pdf"))
    assert "不予受理告知书" in text
    assert "城关镇" in text and p.number in text
    assert "2026年9月18日" in text
    assert "不属于本机关职权范围" in text


def test_the_reply_pdf_tells_the_right_to_review_within_30_days(client, clerk, accepted):
    sv.petition_reply(petition_id=accepted.pk, actor=clerk, on=date(2026, 10, 9),
                      opinion="已责令企业停产整改")
    client_for(client, clerk)
    text = pdf_text(client.get(f"/petitions/{accepted.pk}/papers/reply.pdf"))
    assert "答复意见书" in text
    assert "城关镇" in text and accepted.number in text
    assert "已责令企业停产整改" in text
    assert "2026年10月9日" in text
    assert "30日内" in text and "复查" in text
    assert "2026年11月9日" in text  # the last day to ask for review


def test_a_paper_exists_only_once_its_step_is_done(client, clerk, p, accepted):
    client_for(client, clerk)
    assert client.get(f"/petitions/{p.pk}/papers/reply/").status_code == 404
    assert client.get(f"/petitions/{p.pk}/papers/decline.pdf").status_code == 404
    assert client.get(f"/petitions/{p.pk}/papers/nonsense/").status_code == 404


def test_a_clerk_cannot_print_another_townships_notice(client, outsider, accepted):
    client_for(client, outsider)
    assert client.get(f"/petitions/{accepted.pk}/papers/acceptance/").status_code == 404
    assert client.get(f"/petitions/{accepted.pk}/papers/acceptance.pdf").status_code == 404


def test_the_city_prints_any_units_notice(client, city_officer, accepted):
    client_for(client, city_officer)
    assert client.get(f"/petitions/{accepted.pk}/papers/acceptance/").status_code == 200


def test_the_detail_page_links_the_papers_of_the_steps_done(client, clerk, p, accepted):
    client_for(client, clerk)
    html = client.get(f"/petitions/{p.pk}/").content.decode()
    assert f"/petitions/{p.pk}/papers/acceptance/" in html
    assert f"/petitions/{p.pk}/papers/reply/" not in html


def test_the_printed_list_has_every_filtered_row_and_a_header(client, clerk, t01, today):
    for i in range(55):  # more than the screen list's page of 50
        register(clerk, t01, ids=(i + 1,), title=f"事项{i:02d}",
                 category="environment" if i % 5 else "labor_social_security")
    client_for(client, clerk)
    html = client.get("/petitions/print/?category=environment").content.decode()
    assert html.count("<tr>") - 1 == 44  # every environment row, not a page of them
    assert "信访事项台账" in html and "城关镇" in html
    assert "打印日期 2026年11月18日" in html
    assert "环境污染" in html.split('data-testid="print-filters"')[1].split("</p>")[0]
    assert 'data-testid="print-capped"' not in html


def test_the_printed_list_is_capped_with_a_message(client, clerk, t01, monkeypatch):
    from petitions import papers
    monkeypatch.setattr(papers, "PRINT_LIMIT", 2)
    for i in range(3):
        register(clerk, t01, ids=(i + 1,))
    client_for(client, clerk)
    html = client.get("/petitions/print/").content.decode()
    assert html.count("<tr>") - 1 == 2
    assert "仅打印前 2 件（共 3 件）" in html


def test_the_printed_list_is_scoped(client, clerk, outsider, t01):
    register(clerk, t01, title="城关的事")
    client_for(client, outsider)
    html = client.get("/petitions/print/").content.decode()
    assert "城关的事" not in html

import re
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from alerts.models import Alert
from supervision import services
from supervision.assessment import assessment_recompute
from supervision.jobs import flag_overdue_orders
from supervision.models import AssessmentScore
from tests.builders import client_for


def sheet_rows(response):
    content = b"".join(response.streaming_content)
    return list(load_workbook(BytesIO(content)).worksheets[0].iter_rows(values_only=True))


def test_unit_clerk_sees_its_order_list_and_detail(client, clerk, order):
    client_for(client, clerk)
    page = client.get("/supervision/")
    assert order.number in page.content.decode()
    assert "/exports/supervision.xlsx" in page.content.decode()
    detail = client.get(f"/supervision/orders/{order.pk}/").content.decode()
    assert 'data-testid="respond"' in detail
    assert 'data-testid="escalate"' not in detail


def test_outsider_gets_404_on_the_order(client, outsider, order):
    client_for(client, outsider)
    assert order.number not in client.get("/supervision/").content.decode()
    assert client.get(f"/supervision/orders/{order.pk}/").status_code == 404
    assert client.get(f"/supervision/orders/{order.pk}/print/").status_code == 404


def test_clerk_cannot_open_the_issue_form(client, clerk):
    client_for(client, clerk)
    assert client.get("/supervision/orders/new/").status_code == 403
    assert client.get("/supervision/notices/new/").status_code == 403


def test_supervisor_issues_through_the_form(client, supervisor, t01, risk_matter):
    client_for(client, supervisor)
    response = client.post("/supervision/orders/new/", {
        "target_type": "stability_matter", "target_id": risk_matter.pk, "org_unit": "T01",
        "level": "key", "due_on": "2099-01-01", "instructions": "限期反馈"})
    assert response.status_code == 302
    assert "限期反馈" in client.get(response["Location"]).content.decode()


def test_escalating_twice_past_the_joint_meeting_shows_a_message(client, supervisor, order):
    client_for(client, supervisor)
    client.post(f"/supervision/orders/{order.pk}/escalate/", {"to": "city_leadership"})
    client.post(f"/supervision/orders/{order.pk}/escalate/", {"to": "joint_meeting"})
    page = client.post(f"/supervision/orders/{order.pk}/escalate/", {"to": "joint_meeting"},
                       follow=True).content.decode()
    assert 'alert-danger' in page
    assert 'data-testid="escalate"' not in page


def test_print_page_is_an_a4_layout(client, supervisor, order):
    client_for(client, supervisor)
    page = client.get(f"/supervision/orders/{order.pk}/print/").content.decode()
    assert "size: A4" in page
    assert order.number in page


def test_overdue_view_lists_only_overdue_orders(client, supervisor, clerk, make_order, today):
    late = make_order(due_on=today - timedelta(days=1), today=today - timedelta(days=20))
    on_time = make_order(due_on=today + timedelta(days=5), today=today - timedelta(days=20))
    due_today = make_order(due_on=today, today=today - timedelta(days=20))
    answered = make_order(due_on=today - timedelta(days=3), today=today - timedelta(days=20))
    services.order_respond(actor=clerk, order_id=answered.pk, note="已整改", today=today)
    client_for(client, supervisor)
    everything = client.get("/supervision/").content.decode()
    assert on_time.number in everything
    page = client.get("/supervision/?view=overdue").content.decode()
    assert late.number in page
    assert on_time.number not in page
    assert due_today.number not in page
    assert answered.number not in page


def test_list_page_query_count_does_not_grow(client, supervisor, make_order,
                                             django_assert_max_num_queries):
    for _ in range(12):
        make_order()
    client_for(client, supervisor)
    with django_assert_max_num_queries(14):
        client.get("/supervision/")


def test_bell_counts_open_alerts_and_unread_notifications(client, clerk, order):
    flag_overdue_orders(as_of=date(2026, 10, 13))
    client_for(client, clerk)
    page = client.get("/").content.decode()
    assert 'data-testid="bell-placeholder"' in page  # htmx loads the bell after the page
    bell = client.get("/supervision/bell/").content.decode()
    # One open alert and the "new order" notification to T01.
    assert 'data-testid="bell-count">2<' in bell


@pytest.fixture
def t01_on_record(supervisor, t01, make_order, today):
    """One row for each of the other pages: a notice, a record, a score and an alert."""
    services.notice_publish(actor=supervisor, org_unit=t01, title="城关镇整改通报",
                            body="限期整改", today=today)
    services.accountability_record_create(
        actor=supervisor, org_unit=t01, person="王某", rule="信访工作责任制规定第十条",
        decision="通报批评", decided_on=today, today=today)
    AssessmentScore.objects.create(org_unit=t01, period_kind="month", year=today.year,
                                   period=today.month, score=Decimal("87.5"), rank=1)
    late = make_order(due_on=today - timedelta(days=2), today=today - timedelta(days=10))
    flag_overdue_orders(as_of=today)
    return late


@pytest.mark.parametrize("path, shows", [
    ("/supervision/notices/", "城关镇整改通报"),
    ("/supervision/accountability/", "通报批评"),
    ("/supervision/assessment/", "87.5"),
    ("/supervision/alerts/", "{late.number}"),
])
def test_other_pages_show_the_units_rows_to_each_role(client, clerk, supervisor, t01_on_record,
                                                      path, shows):
    for user in (clerk, supervisor):
        page = client_for(client, user).get(path).content.decode()
        assert shows.format(late=t01_on_record) in page, user.username


def test_notice_is_visible_to_its_unit_only(client, supervisor, clerk, outsider, t01):
    notice = services.notice_publish(actor=supervisor, org_unit=t01, title="关于城关镇的通报",
                                     body="b")
    client_for(client, clerk)
    assert "关于城关镇的通报" in client.get(f"/supervision/notices/{notice.pk}/").content.decode()
    client_for(client, outsider)
    assert client.get(f"/supervision/notices/{notice.pk}/").status_code == 404


def test_supervision_export_contains_the_orders(client, supervisor, order, make_order):
    late = make_order(due_on=date(2026, 9, 30))
    services.order_escalate(actor=supervisor, order_id=late.pk, to="city_leadership")
    client_for(client, supervisor)
    response = client.get("/exports/supervision.xlsx")
    assert response.status_code == 200
    rows = sheet_rows(response)
    assert rows[0][0] == "编号" or rows[0][0] == "Number"
    by_number = {row[0]: row for row in rows[1:]}
    assert set(by_number) == {order.number, late.number}
    assert by_number[late.number][6].date() == date(2026, 9, 30)
    assert by_number[late.number][8] > 0  # days overdue, a number


def test_supervision_export_is_scoped(client, outsider, order):
    client_for(client, outsider)
    assert len(sheet_rows(client.get("/exports/supervision.xlsx"))) == 1


def test_assessment_export_and_drill_down(client, supervisor, outsider, t01, t02):
    Alert.objects.create(kind="report_missing", org_unit=t01, target_type="screening_period",
                         target_id=4, due_on=date(2026, 10, 5), raised_on=date(2026, 10, 6))
    assessment_recompute(as_of=date(2026, 10, 31))
    client_for(client, supervisor)
    rows = sheet_rows(client.get("/exports/assessment.xlsx?year=2026&month=10"))
    assert [(r[0], r[1], r[3]) for r in rows[1:]] == [(1, "T02", 100.0), (2, "T01", 97.0)]
    score = AssessmentScore.objects.get(org_unit=t01, period_kind="month", period=10)
    page = client.get(f"/supervision/assessment/{score.pk}/").content.decode()
    # The rule in words and the record it names, not codes or ids (issue 18).
    assert "矛盾纠纷排查报告未报" in page and "2026-10-05" in page
    assert "screening_period:4" not in page and "report_missing" not in page
    # The deduction reads in words (tests/supervision/test_words.py), never its code.
    assert 'data-testid="deductions"' in page and "screening_period" not in page
    ranking = client.get("/supervision/assessment/?year=2026&month=10").content.decode()
    assert f"/supervision/assessment/{score.pk}/" in ranking
    client_for(client, outsider)
    assert client.get(f"/supervision/assessment/{score.pk}/").status_code == 404


def test_the_order_history_reads_in_words_with_the_escalation_level(client, supervisor, order):
    services.order_escalate(actor=supervisor, order_id=order.pk, to="city_leadership")
    html = client_for(client, supervisor).get(f"/supervision/orders/{order.pk}/").content.decode()
    start = html.index('data-testid="timeline"')
    timeline = html[start:html.index("</ol>", start)]
    assert "签发" in timeline and "提级督办" in timeline and "(市委市政府分管领导)" in timeline
    for code in ("create", "escalate", "city_leadership", "open"):
        assert code not in timeline


def test_page_two_of_the_order_list_keeps_the_filters(client, supervisor, make_order):
    # 51 key orders fill two pages of the filtered list; the general one is filtered out.
    keys = [make_order(level="key") for _ in range(51)]
    general = make_order(level="general")
    client_for(client, supervisor)
    first = client.get("/supervision/", {"level": "key"}).content.decode()
    assert "1 / 2" in first
    next_href = re.search(r'href="([^"]*)" rel="next"', first).group(1).replace("&amp;", "&")
    assert "level=key" in next_href and "page=2" in next_href
    second = client.get("/supervision/" + next_href).content.decode()
    assert "2 / 2" in second
    assert general.number not in second
    shown = [o.number for o in keys if o.number in second]
    assert len(shown) == 1
    previous = re.search(r'href="([^"]*)" rel="prev"', second).group(1).replace("&amp;", "&")
    assert "level=key" in previous and "page=1" in previous


def test_a_supervision_form_error_shows_under_its_field(client, supervisor, t01, risk_matter):
    client_for(client, supervisor)
    html = client.post("/supervision/orders/new/", {
        "target_type": "stability_matter", "target_id": risk_matter.pk, "org_unit": "T01",
        "level": "key", "due_on": "2001-01-01", "instructions": "限期反馈"}).content.decode()
    due = html[html.index('for="id_due_on"'):html.index('for="id_instructions"')]
    assert 'class="invalid-feedback d-block"' in due


def _pdf_text(response) -> str:
    import io

    from pypdf import PdfReader
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    return "".join("".join(page.extract_text().split()) for page in pages)


def test_the_order_printout_has_a_working_print_button_and_dates_in_words(
        client, supervisor, order):
    client_for(client, supervisor)
    html = client.get(f"/supervision/orders/{order.pk}/print/").content.decode()
    assert "data-print" in html and "js/paper.js" in html  # the button's script is loaded
    assert "2026年10月12日" in html and "2026年9月28日" in html
    assert "2026-10-12" not in html


def test_the_order_pdf_carries_its_number_unit_and_due_date(client, clerk, order):
    client_for(client, clerk)
    text = _pdf_text(client.get(f"/supervision/orders/{order.pk}/print.pdf"))
    assert "信访督办单" in text or "督办单" in text
    assert order.number in text and "城关镇" in text
    assert "2026年10月12日" in text


def test_an_outsider_cannot_print_the_order(client, outsider, order):
    client_for(client, outsider)
    assert client.get(f"/supervision/orders/{order.pk}/print.pdf").status_code == 404
    assert client.get(f"/supervision/orders/{order.pk}/print/").status_code == 404


@pytest.mark.parametrize(("query", "words"), [
    ("year=2026&month=11", "2026年11月"), ("year=2026&quarter=4", "2026年第4季度"),
    ("year=2026", "2026年全年")])
def test_the_assessment_states_its_period_outside_the_unprinted_form(
        client, supervisor, query, words):
    client_for(client, supervisor)
    html = client.get(f"/supervision/assessment/?{query}").content.decode()
    line = re.search(r'<p[^>]*data-testid="assessment-period"[^>]*>(.*?)</p>', html, re.S)
    assert line and words in line.group(1)
    assert "no-print" not in line.group(0)

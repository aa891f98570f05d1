from datetime import date

import pytest
from django.utils import timezone

from accounts.models import OrgUnit
from screening.models import ScreeningReminder, ScreeningReport
from screening.services import screening_report_create
from tests.builders import client_for, file_report, item, make_period

pytestmark = pytest.mark.django_db


def test_the_clerk_sees_this_months_report_front_and_centre(client, clerk, this_month):
    response = client_for(client, clerk).get("/screening/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="zero-report"' in html
    assert "本月未排查出矛盾纠纷" in html  # the confirmation states what a zero report means


def test_a_clerk_files_a_zero_report_in_one_click(client, clerk, t01, this_month):
    response = client_for(client, clerk).post(
        "/screening/reports/new/", {"period": this_month.pk, "zero_report": "1"})
    report = ScreeningReport.objects.get()
    assert response.status_code == 302
    assert (report.org_unit, report.zero_report, report.status) == (t01, True, "submitted")
    page = client.get("/screening/").content.decode()
    assert 'data-testid="zero-report"' not in page
    assert "已报送" in page


def test_a_clerk_files_ten_items_from_the_form(client, clerk, this_month):
    data = {"period": this_month.pk, "items-TOTAL_FORMS": "11", "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "50"}
    for n in range(10):
        data.update({f"items-{n}-category": "rural_affairs", f"items-{n}-description": f"纠纷{n}",
                     f"items-{n}-people_involved": "2", f"items-{n}-risk_level": "low"})
    data.update({"items-10-people_involved": "1", "items-10-risk_level": "low"})  # spare row
    response = client_for(client, clerk).post("/screening/reports/new/", data)
    assert response.status_code == 302
    report = ScreeningReport.objects.get()
    assert report.zero_report is False
    assert report.items.count() == 10


def test_an_empty_item_form_is_refused_with_a_message(client, clerk, this_month):
    data = {"period": this_month.pk, "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0",
            "items-0-people_involved": "1", "items-0-risk_level": "low"}
    response = client_for(client, clerk).post("/screening/reports/new/", data)
    assert response.status_code == 400
    assert not ScreeningReport.objects.exists()


def test_a_double_submit_shows_a_message_not_an_error(client, clerk, this_month):
    client_for(client, clerk)
    client.post("/screening/reports/new/", {"period": this_month.pk, "zero_report": "1"})
    response = client.post("/screening/reports/new/", {"period": this_month.pk, "zero_report": "1"},
                           follow=True)
    assert response.status_code == 200
    assert ScreeningReport.objects.count() == 1
    assert "城关镇已报送" in response.content.decode()


def test_another_units_report_page_is_a_404(client, clerk, outsider, t01, october):
    report = file_report(actor=clerk, period=october, unit=t01)
    client_for(client, outsider)
    assert client.get(f"/screening/reports/{report.pk}/").status_code == 404
    assert client.post(f"/screening/reports/{report.pk}/return/", {"reason": "x"}).status_code == 404


def test_the_city_returns_a_report_from_its_page(client, clerk, city_officer, t01, october):
    report = file_report(actor=clerk, period=october, unit=t01, zero=False,
                         items=[item(risk_level="high")])
    client_for(client, city_officer)
    page = client.get(f"/screening/reports/{report.pk}/").content.decode()
    assert "退回报告" in page
    client.post(f"/screening/reports/{report.pk}/return/", {"reason": "请补充化解措施"})
    report.refresh_from_db()
    assert (report.status, report.returned_reason) == ("returned", "请补充化解措施")
    # The clerk sees why and may correct it.
    html = client_for(client, clerk).get(f"/screening/reports/{report.pk}/").content.decode()
    assert "请补充化解措施" in html
    assert f"/screening/reports/{report.pk}/edit/" in html


def test_a_clerk_gets_a_403_returning_a_report(client, clerk, t01, october):
    report = file_report(actor=clerk, period=october, unit=t01)
    response = client_for(client, clerk).post(f"/screening/reports/{report.pk}/return/",
                                              {"reason": "x"})
    assert response.status_code == 403


def test_the_city_page_names_the_missing_units_and_sends_reminders(
        client, clerk, city_officer, t01, t02, d01, this_month):
    file_report(actor=clerk, period=this_month, unit=t01, on=timezone.localdate())
    client_for(client, city_officer)
    html = client.get(f"/screening/?period={this_month.pk}").content.decode()
    assert "东城街道" in html
    assert "市住建局" in html
    response = client.post(f"/screening/periods/{this_month.pk}/remind/")
    assert response.status_code == 302
    assert set(ScreeningReminder.objects.values_list("org_unit__code", flat=True)) == {"T02", "D01"}


def test_a_clerk_may_not_send_reminders(client, clerk, this_month):
    response = client_for(client, clerk).post(f"/screening/periods/{this_month.pk}/remind/")
    assert response.status_code == 403


def test_the_year_grid_colours_each_cell(client, clerk, outsider, city_officer, t01, t02, d01):
    october = make_period(2026, 10)
    file_report(actor=clerk, period=october, unit=t01, on=date(2026, 10, 25))
    file_report(actor=outsider, period=october, unit=t02, on=date(2026, 10, 26), zero=False)
    html = client_for(client, city_officer).get("/screening/grid/?year=2026").content.decode()
    assert 'data-month="10" data-state="zero"' in html
    assert 'data-month="10" data-state="late"' in html
    assert 'data-month="10" data-state="missing"' in html


def _many_units(n):
    city = OrgUnit.objects.get(code="C00")
    for i in range(n):
        OrgUnit.objects.create(code=f"T{50 + i}", name=f"镇{i}", kind="township", parent=city)


def _fill_year(actor):
    periods = [make_period(2026, m) for m in range(1, 11)]
    for unit in OrgUnit.objects.filter(kind="township"):
        for period in periods[::2]:
            screening_report_create(actor=actor, period=period, org_unit=unit, zero_report=True,
                                    items=[], now=timezone.make_aware(
                                        timezone.datetime(2026, period.month, 20, 10)))


def test_the_grid_costs_the_same_queries_for_2_or_22_units(
        client, city_officer, t01, t02, django_assert_num_queries):
    _fill_year(city_officer)
    client_for(client, city_officer)
    client.get("/screening/grid/?year=2026")  # warm the session and role caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get("/screening/grid/?year=2026").status_code == 200
    ScreeningReport.objects.all().delete()
    _many_units(20)
    from screening.models import ScreeningPeriod
    ScreeningPeriod.objects.all().delete()
    _fill_year(city_officer)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/screening/grid/?year=2026")
    assert response.content.decode().count("data-unit=") == 22
    assert len(many) == len(few) <= 10


def test_the_export_lists_one_row_per_unit(client, clerk, city_officer, t01, t02, october):
    pytest.importorskip("core.excel")
    from io import BytesIO

    from openpyxl import load_workbook

    file_report(actor=clerk, period=october, unit=t01)
    response = client_for(client, city_officer).get("/exports/screening-completeness.xlsx?year=2026")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:3]] == ["T01", "T02"]
    assert rows[1][2 + 9] == "零报告"


def test_a_leader_sees_the_unit_page_and_a_supervisor_the_city_page(
        client, leader, supervisor, t01, t02, this_month):
    html = client_for(client, leader).get("/screening/").content.decode()
    assert 'data-testid="this-month"' in html
    html = client_for(client, supervisor).get("/screening/").content.decode()
    assert 'data-testid="completeness"' in html
    assert "东城街道" in html


def test_a_clerks_history_shows_only_their_unit(client, clerk, outsider, t01, t02, october):
    file_report(actor=clerk, period=october, unit=t01)
    html = client_for(client, outsider).get("/screening/").content.decode()
    assert "2026-10" not in html


def test_the_unit_history_lists_its_own_reports_of_the_last_twelve_months(
        client, clerk, outsider, t01, t02, today):
    october, long_ago = make_period(2026, 10), make_period(2025, 9)
    mine = file_report(actor=clerk, period=october, unit=t01, zero=False)
    too_old = file_report(actor=clerk, period=long_ago, unit=t01)
    theirs = file_report(actor=outsider, period=october, unit=t02)
    html = client_for(client, clerk).get("/screening/").content.decode()
    assert f'href="/screening/reports/{mine.pk}/">2026-10</a>' in html
    assert f"/screening/reports/{too_old.pk}/" not in html
    assert f"/screening/reports/{theirs.pk}/" not in html
    assert "No earlier reports." not in html


def test_a_clerk_sees_only_their_own_row_in_the_grid(client, clerk, t01, t02, october):
    html = client_for(client, clerk).get("/screening/grid/?year=2026").content.decode()
    assert 'data-unit="T01"' in html
    assert 'data-unit="T02"' not in html


def test_the_supervisor_may_not_file_a_report(client, supervisor, this_month):
    response = client_for(client, supervisor).post(
        "/screening/reports/new/", {"period": this_month.pk, "zero_report": "1"})
    assert response.status_code == 403
    assert not ScreeningReport.objects.exists()

from datetime import date

import pytest

from screening.models import ScreeningEvent, ScreeningReport
from tests.builders import file_report

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/screening/reports/"
ITEM = {"category": "labor_social_security", "description": "工资拖欠", "people_involved": 12,
        "risk_level": "high", "measures": "协调企业", "resolved": False}


def test_periods_list_their_due_dates(api, clerk, october):
    api.force_authenticate(clerk)
    response = api.get("/api/v1/screening/periods/")
    assert response.status_code == 200
    row = response.json()["results"][0]
    assert {k: row[k] for k in ("id", "year", "month", "due_on")} == {
        "id": october.pk, "year": 2026, "month": 10, "due_on": "2026-10-25"}


def test_a_clerk_files_a_report_with_items(api, clerk, t01, this_month):
    api.force_authenticate(clerk)
    response = api.post(REPORTS, {"period": this_month.pk, "org_unit": "T01",
                                  "zero_report": False, "items": [ITEM, ITEM]}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "submitted"
    assert body["late"] is False
    assert body["submitted_at"]
    assert body["org_unit"] == "T01"
    assert [i["risk_level"] for i in body["items"]] == ["high", "high"]
    assert api.get(f"{REPORTS}{body['id']}/").json()["items"][0]["description"] == "工资拖欠"


def test_a_zero_report_with_items_is_a_400(api, clerk, t01, this_month):
    api.force_authenticate(clerk)
    response = api.post(REPORTS, {"period": this_month.pk, "org_unit": "T01",
                                  "zero_report": True, "items": [ITEM]}, format="json")
    assert response.status_code == 400
    assert "items" in response.json()


def test_a_report_without_items_that_is_not_zero_is_a_400(api, clerk, t01, this_month):
    api.force_authenticate(clerk)
    response = api.post(REPORTS, {"period": this_month.pk, "org_unit": "T01",
                                  "zero_report": False, "items": []}, format="json")
    assert response.status_code == 400


def test_a_bad_risk_level_is_a_400(api, clerk, t01, this_month):
    api.force_authenticate(clerk)
    response = api.post(REPORTS, {"period": this_month.pk, "org_unit": "T01", "zero_report": False,
                                  "items": [{**ITEM, "risk_level": "extreme"}]}, format="json")
    assert response.status_code == 400


def test_a_second_report_for_the_unit_and_period_is_a_409(api, clerk, t01, this_month):
    api.force_authenticate(clerk)
    body = {"period": this_month.pk, "org_unit": "T01", "zero_report": True, "items": []}
    assert api.post(REPORTS, body, format="json").status_code == 201
    response = api.post(REPORTS, body, format="json")
    assert response.status_code == 409
    assert "detail" in response.json()


def test_a_clerk_cannot_file_for_another_unit(api, outsider, t01, this_month):
    api.force_authenticate(outsider)
    response = api.post(REPORTS, {"period": this_month.pk, "org_unit": "T01",
                                  "zero_report": True, "items": []}, format="json")
    assert response.status_code == 400
    assert "org_unit" in response.json()
    assert not ScreeningReport.objects.exists()


def test_a_supervisor_may_not_file(api, supervisor, t01, this_month):
    api.force_authenticate(supervisor)
    response = api.post(REPORTS, {"period": this_month.pk, "org_unit": "T01",
                                  "zero_report": True, "items": []}, format="json")
    assert response.status_code == 403


def test_another_units_report_is_a_404(api, clerk, outsider, t01, october):
    report = file_report(actor=clerk, period=october, unit=t01)
    api.force_authenticate(outsider)
    assert api.get(f"{REPORTS}{report.pk}/").status_code == 404
    assert api.post(f"{REPORTS}{report.pk}/return/", {"reason": "x"}).status_code == 404
    assert api.get(REPORTS).json()["count"] == 0


def test_the_city_returns_a_report_with_a_reason(api, clerk, city_officer, t01, october):
    report = file_report(actor=clerk, period=october, unit=t01)
    api.force_authenticate(city_officer)
    response = api.post(f"{REPORTS}{report.pk}/return/", {"reason": "请补充"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "returned"
    assert response.json()["returned_reason"] == "请补充"
    assert ScreeningEvent.objects.filter(report=report, action="return", actor=city_officer).exists()
    # Returning it again is not allowed in its new status.
    assert api.post(f"{REPORTS}{report.pk}/return/", {"reason": "再"}).status_code == 409


def test_a_return_without_a_reason_is_a_400(api, clerk, city_officer, t01, october):
    report = file_report(actor=clerk, period=october, unit=t01)
    api.force_authenticate(city_officer)
    assert api.post(f"{REPORTS}{report.pk}/return/", {"reason": ""}).status_code == 400


def test_a_unit_may_not_return_its_own_report(api, clerk, leader, t01, october):
    report = file_report(actor=clerk, period=october, unit=t01)
    api.force_authenticate(leader)
    assert api.post(f"{REPORTS}{report.pk}/return/", {"reason": "x"}).status_code == 403


def test_completeness_counts_on_time_late_and_names_the_missing(
        api, clerk, outsider, city_officer, t01, t02, d01, t01_village, october):
    file_report(actor=clerk, period=october, unit=t01, on=date(2026, 10, 25))
    file_report(actor=outsider, period=october, unit=t02, on=date(2026, 10, 26))
    api.force_authenticate(city_officer)
    response = api.get(f"/api/v1/screening/completeness/?period={october.pk}")
    assert response.status_code == 200
    # Villages and the city do not report: T01, T02 and D01 are expected.
    assert {k: response.json()[k] for k in ("expected", "on_time", "late", "missing")} == {
        "expected": 3, "on_time": 1, "late": 1, "missing": ["D01"]}


def test_completeness_needs_a_period(api, city_officer):
    api.force_authenticate(city_officer)
    assert api.get("/api/v1/screening/completeness/").status_code == 400
    assert api.get("/api/v1/screening/completeness/?period=999").status_code == 404


def test_the_api_requires_a_login(api, october):
    assert api.get("/api/v1/screening/periods/").status_code in (401, 403)

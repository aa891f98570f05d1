"""The fourth unification (issue 20, item 4): each period states its screening methods;
each report records the method used and who screened."""

import pytest
from django.core.exceptions import ValidationError

from screening.models import ScreeningReport
from screening.services import screening_report_create, screening_report_update
from tests.builders import at, client_for, item

pytestmark = pytest.mark.django_db
NEW = "/screening/reports/new/"


def test_a_report_names_one_of_the_periods_methods_and_who_screened(clerk, t01, october):
    assert october.methods == ["visit", "forum", "meeting"]
    on = at(october.due_on)
    for method, who, field in (("grid", "综治办", "method"), ("", "综治办", "method"),
                               ("visit", " ", "screened_by")):
        with pytest.raises(ValidationError) as exc:
            screening_report_create(actor=clerk, period=october, org_unit=t01, zero_report=True,
                                    items=[], method=method, screened_by=who, now=on)
        assert field in exc.value.message_dict
    october.methods = ["visit", "grid"]
    october.save()
    report = screening_report_create(actor=clerk, period=october, org_unit=t01,
                                     zero_report=False, items=[item()], method="grid",
                                     screened_by="镇综治办、各村网格员", now=on)
    assert (report.method, report.screened_by) == ("grid", "镇综治办、各村网格员")
    assert report.events.get(action="create").data["method"] == "grid"
    screening_report_update(report_id=report.pk, actor=clerk, zero_report=False, items=[item()],
                            method="visit", screened_by="镇信访办", now=on)
    report.refresh_from_db()
    assert (report.method, report.screened_by) == ("visit", "镇信访办")


def test_the_pages_ask_for_the_method_and_show_it(client, clerk, t01, this_month):
    c = client_for(client, clerk)
    home = c.get("/screening/").content.decode()
    assert 'data-testid="zero-method"' in home and "走访" in home and "排查会" in home
    refused = c.post(NEW, {"period": this_month.pk, "zero_report": "1", "method": "",
                           "screened_by": "镇综治办"})
    assert refused.status_code == 400 and not ScreeningReport.objects.exists()
    response = c.post(NEW, {"period": this_month.pk, "zero_report": "1", "method": "forum",
                            "screened_by": "镇综治办"})
    assert response.status_code == 302
    report = ScreeningReport.objects.get()
    assert (report.method, report.screened_by) == ("forum", "镇综治办")
    page = c.get(f"/screening/reports/{report.pk}/").content.decode()
    detail = page.split('data-testid="report-method">')[1].split("</p>")[0]
    assert "座谈" in detail and "镇综治办" in detail


def test_the_api_states_the_methods_and_takes_the_method(api, clerk, t01, this_month):
    api.force_authenticate(clerk)
    period = api.get(f"/api/v1/screening/periods/{this_month.pk}/").json()
    assert period["methods"] == ["visit", "forum", "meeting"]
    bad = api.post("/api/v1/screening/reports/", {
        "period": this_month.pk, "org_unit": "T01", "zero_report": True, "items": [],
        "method": "grid", "screened_by": "镇综治办"}, format="json")
    assert bad.status_code == 400 and "method" in bad.json()
    ok = api.post("/api/v1/screening/reports/", {
        "period": this_month.pk, "org_unit": "T01", "zero_report": True, "items": [],
        "method": "meeting", "screened_by": "镇综治办"}, format="json")
    assert ok.status_code == 201, ok.json()
    assert (ok.json()["method"], ok.json()["screened_by"]) == ("meeting", "镇综治办")

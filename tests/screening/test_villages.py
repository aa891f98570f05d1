"""Bottom-up reports (自下而上, issue 20 item 5): villages file to their township.

A village clerk (村信息员) files the village's report and sees nothing of another
village; the township returns its villages' reports, sees who filed and who is
missing, and its own report names the villages missing when it is submitted; the
city's grid drills to a township's villages; missing village reports raise the same
set-based alert as the townships'."""

import re
from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import roles
from accounts.models import OrgUnit
from alerts.models import Alert, Notification
from core.errors import TransitionError
from core.jobs import run_job
from screening.assessment import late_reports
from screening.models import ScreeningReport
from screening.services import screening_report_return, screening_report_update
from tests.builders import (
    SHANGHAI,
    client_for,
    file_report,
    item,
    make_period,
    make_user,
    register,
)

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
REPORTS = "/api/v1/screening/reports/"


def village_clerk(unit, since=date(2026, 1, 5)):
    user = make_user(f"village_{unit.code}", unit, roles.VILLAGE_CLERK)
    user.date_joined = datetime(since.year, since.month, since.day, 9, tzinfo=SHANGHAI)
    user.save(update_fields=["date_joined"])
    return user


@pytest.fixture
def v2(t01):
    return OrgUnit.objects.create(code="T01V02", name="城关红旗社区", kind=OrgUnit.Kind.VILLAGE,
                                  parent=t01)


@pytest.fixture
def v3(t01):
    """A village without a clerk yet: it owes no report."""
    return OrgUnit.objects.create(code="T01V03", name="城关新民村", kind=OrgUnit.Kind.VILLAGE,
                                  parent=t01)


@pytest.fixture
def t02_village(t02):
    return OrgUnit.objects.create(code="T02V01", name="东城东风村", kind=OrgUnit.Kind.VILLAGE,
                                  parent=t02)


@pytest.fixture
def vc1(t01_village):
    return village_clerk(t01_village)


@pytest.fixture
def vc2(v2):
    return village_clerk(v2)


def _text(response) -> str:
    """The page's visible text (no tags, attributes, scripts)."""
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


# ---------------------------------------------------------------- rules

def test_a_village_clerk_files_the_villages_report(vc1, t01_village, october):
    report = file_report(actor=vc1, period=october, unit=t01_village, zero=False)
    assert (report.org_unit, report.status, report.late) == (t01_village, "submitted", False)
    assert report.events.filter(action="submit").exists()


@pytest.mark.parametrize("target", ["t01", "v2", "t02_village"])
def test_a_village_clerk_files_for_no_other_unit(request, vc1, target, october):
    unit = request.getfixturevalue(target)
    with pytest.raises(ValidationError) as refused:
        file_report(actor=vc1, period=october, unit=unit)
    assert "org_unit" in refused.value.message_dict


def test_the_township_returns_a_village_report_and_the_village_resubmits(
        clerk, vc1, t01_village, october):
    report = file_report(actor=vc1, period=october, unit=t01_village, zero=False)
    screening_report_return(report_id=report.pk, actor=clerk, reason="请补充责任人",
                            today=date(2026, 10, 26))
    report.refresh_from_db()
    assert (report.status, report.returned_reason) == ("returned", "请补充责任人")
    assert Notification.objects.get(org_unit=t01_village).kind == "returned"
    screening_report_update(report_id=report.pk, actor=vc1, zero_report=False,
                            items=[item(measures="村调委会 张主任负责")],
                            now=datetime(2026, 10, 27, 9, tzinfo=SHANGHAI))
    report.refresh_from_db()
    assert (report.status, report.late) == ("submitted", False)  # lateness of the first filing


def test_a_locked_village_report_is_reopened_by_its_township(clerk, vc1, t01_village, october):
    report = file_report(actor=vc1, period=october, unit=t01_village)
    later = datetime(2026, 11, 2, 9, tzinfo=SHANGHAI)  # October locked on the 30th
    with pytest.raises(TransitionError) as refused:
        screening_report_update(report_id=report.pk, actor=vc1, zero_report=True, items=[],
                                now=later)
    assert "乡镇" in refused.value.message or "township" in refused.value.message
    screening_report_return(report_id=report.pk, actor=clerk, reason="请补充")
    screening_report_update(report_id=report.pk, actor=vc1, zero_report=False, items=[item()],
                            now=later)
    report.refresh_from_db()
    assert (report.status, report.zero_report, report.late) == ("submitted", False, False)


def test_a_return_needs_a_reason(clerk, vc1, t01_village, october):
    report = file_report(actor=vc1, period=october, unit=t01_village)
    with pytest.raises(ValidationError):
        screening_report_return(report_id=report.pk, actor=clerk, reason="  ")


def test_only_the_villages_own_township_or_the_city_returns_it(
        clerk, outsider, leader, vc1, vc2, t01, t01_village, city_officer, october):
    village_report = file_report(actor=vc1, period=october, unit=t01_village)
    township_report = file_report(actor=clerk, period=october, unit=t01)
    for actor, report in ((outsider, village_report), (vc2, village_report),
                          (clerk, township_report), (vc1, village_report)):
        with pytest.raises(PermissionDenied):
            screening_report_return(report_id=report.pk, actor=actor, reason="x")
    screening_report_return(report_id=village_report.pk, actor=leader, reason="请核实")
    screening_report_return(report_id=township_report.pk, actor=city_officer, reason="请核实")


def test_the_township_report_names_the_villages_missing_when_submitted(
        clerk, vc1, vc2, v3, t01, t01_village, october):
    file_report(actor=vc1, period=october, unit=t01_village)
    report = file_report(actor=clerk, period=october, unit=t01)
    # 红旗社区 owes a report and has none; 新民村 has no clerk and owes nothing.
    assert report.villages_missing_codes == ["T01V02"]
    assert report.events.get(action="submit").data["villages_missing"] == ["T01V02"]


def test_a_village_owes_reports_from_the_period_after_its_clerk_came(clerk, t01, v2, october):
    village_clerk(v2, since=date(2026, 10, 26))  # after October's due date
    assert file_report(actor=clerk, period=october, unit=t01).villages_missing_codes == []


def test_missing_village_reports_are_flagged_to_the_village_set_based(
        clerk, vc1, vc2, v3, t01, t01_village, v2, october, django_assert_max_num_queries):
    file_report(actor=clerk, period=october, unit=t01)
    file_report(actor=vc1, period=october, unit=t01_village)
    with django_assert_max_num_queries(16):  # periods ensured, one INSERT, one UPDATE, labels
        lines = run_job("flag_missing_reports", as_of=date(2026, 10, 26))
    assert lines == ["report_missing 2026-10 T01V02"]
    assert Alert.objects.get().org_unit == v2
    assert run_job("flag_missing_reports", as_of=date(2026, 10, 27)) == []
    file_report(actor=vc2, period=october, unit=v2, on=date(2026, 10, 28))
    assert Alert.objects.get().cleared_on is not None


def test_a_late_village_report_costs_the_township_nothing_in_the_assessment(
        vc1, t01_village, october):
    file_report(actor=vc1, period=october, unit=t01_village, on=date(2026, 10, 28))
    assert list(late_reports(date(2026, 10, 1), date(2026, 10, 31))) == []


# ---------------------------------------------------------------- scoping

def test_a_village_clerk_sees_only_the_villages_own_reports(
        client, api, clerk, vc1, vc2, t01, t01_village, v2, october):
    own = file_report(actor=vc1, period=october, unit=t01_village)
    other = file_report(actor=vc2, period=october, unit=v2)
    township = file_report(actor=clerk, period=october, unit=t01)
    client_for(client, vc1)
    assert client.get(f"/screening/reports/{own.pk}/").status_code == 200
    assert client.get(f"/screening/reports/{other.pk}/").status_code == 404
    assert client.get(f"/screening/reports/{township.pk}/").status_code == 404
    api.force_authenticate(vc1)
    assert [r["id"] for r in api.get(REPORTS).json()["results"]] == [own.pk]
    assert api.get(f"{REPORTS}{other.pk}/").status_code == 404


def test_a_village_clerk_sees_no_petition_outside_the_village(client, clerk, vc1, t01, v2,
                                                             december):
    at_township = register(clerk, t01, ids=(1,))
    at_other_village = register(clerk, v2, ids=(2,))
    client_for(client, vc1)
    for petition in (at_township, at_other_village):
        assert client.get(f"/petitions/{petition.pk}/").status_code == 404
    listing = client.get("/petitions/").content.decode()
    assert at_township.number not in listing and at_other_village.number not in listing


def test_a_township_sees_its_own_villages_only(client, clerk, outsider, vc1, t01_village,
                                               t02_village, october):
    village_report = file_report(actor=vc1, period=october, unit=t01_village)
    client_for(client, clerk)
    assert client.get(f"/screening/reports/{village_report.pk}/").status_code == 200
    assert client.get("/screening/grid/?year=2026&township=T02").status_code == 404
    client_for(client, outsider)
    assert client.get(f"/screening/reports/{village_report.pk}/").status_code == 404
    assert client.get("/screening/grid/?year=2026&township=T01").status_code == 404


# ---------------------------------------------------------------- pages

def test_a_village_clerk_lands_on_screening_and_files_a_zero_report(client, vc1, t01_village,
                                                                    this_month):
    client_for(client, vc1)
    assert client.get("/", **ZH)["Location"] == "/screening/"
    page = client.get("/screening/", **ZH)
    text = _text(page)
    assert "报送至城关镇" in text and "零报告" in text
    nav = re.search(r"<nav.*?</nav>", page.content.decode(), flags=re.S).group(0)
    assert "排查" in nav and "信访事项" not in nav
    response = client.post("/screening/reports/new/", {
        "period": this_month.pk, "zero_report": "1", "method": "visit",
        "screened_by": "村调解委员会"}, **ZH)
    report = ScreeningReport.objects.get()
    assert (response.status_code, report.org_unit, report.zero_report) == (302, t01_village, True)
    assert "已报送" in _text(client.get("/screening/", **ZH))


def test_the_township_sees_which_villages_filed_and_which_are_missing(
        client, clerk, vc1, vc2, v3, t01_village, this_month):
    file_report(actor=vc1, period=this_month, unit=t01_village, on=this_month.opens_on)
    client_for(client, clerk)
    text = _text(client.get("/screening/", **ZH))
    assert "2 个村（社区）应报" in text
    assert "城关红旗社区" in text and "尚未设信息员" in text  # 新民村 has no clerk
    assert "T01V0" not in text and "village" not in text


def test_an_overdue_village_report_reminds_the_village_and_the_township_sees_the_count(
        client, clerk, vc1, t01, t01_village, october, this_month):
    file_report(actor=clerk, period=october, unit=t01)
    run_job("flag_missing_reports", as_of=date(2026, 10, 26))
    client_for(client, vc1)
    assert re.search(r"已过报送期限仍未报送的报告：\s*2026-10", _text(client.get("/screening/",
                                                                        **ZH)))
    client_for(client, clerk)
    text = _text(client.get("/screening/", **ZH))
    assert "各村（社区）逾期未报的报告 1 份" in text
    assert "已过报送期限仍未报送" not in text  # the township itself filed


def test_the_township_returns_a_village_report_from_its_page(client, clerk, vc1, t01_village,
                                                             october):
    report = file_report(actor=vc1, period=october, unit=t01_village, zero=False)
    client_for(client, clerk)
    page = _text(client.get(f"/screening/reports/{report.pk}/", **ZH))
    assert "退回报告" in page and "报送至城关镇" in page
    assert client.get(f"/screening/reports/{report.pk}/edit/").status_code == 403
    client.post(f"/screening/reports/{report.pk}/return/", {"reason": "请补充化解措施"})
    report.refresh_from_db()
    assert report.status == "returned"
    client_for(client, vc1)
    page = _text(client.get(f"/screening/reports/{report.pk}/", **ZH))
    assert "请补充化解措施" in page and "乡镇退回" in page


def test_the_township_report_carries_its_villages_items_for_the_city(
        client, clerk, city_officer, vc1, vc2, t01, t01_village, october):
    file_report(actor=vc1, period=october, unit=t01_village, zero=False,
                items=[item(description="东风村灌溉水渠纠纷")])
    report = file_report(actor=clerk, period=october, unit=t01)
    client_for(client, city_officer)
    text = _text(client.get(f"/screening/reports/{report.pk}/", **ZH))
    assert "东风村灌溉水渠纠纷" in text
    missing = re.search(r"乡镇报送时未报的村（社区）：\s*(\S+)", text)
    assert missing and missing.group(1) == "城关红旗社区"
    assert "各村（社区）排查事项" in text and "T01V02" not in text


def test_the_city_grid_drills_to_a_townships_villages(client, city_officer, vc1, v3, t01,
                                                      t01_village, october, today):
    make_period(2026, 9)
    file_report(actor=vc1, period=october, unit=t01_village)
    client_for(client, city_officer)
    grid = client.get("/screening/grid/?year=2026", **ZH).content.decode()
    assert 'href="?year=2026&amp;township=T01"' in grid
    drill = client.get("/screening/grid/?year=2026&township=T01", **ZH)
    html = drill.content.decode()
    assert drill.status_code == 200
    assert "城关镇各村（社区）排查报送汇总" in html
    assert 'data-unit="T01V01"' in html and 'data-unit="T01V03"' in html
    row = re.search(r'data-unit="T01V01".*?</tr>', html, flags=re.S).group(0)
    assert 'data-month="10" data-state="zero"' in row  # a zero report, on time
    assert 'data-month="9" data-state="missing"' in row  # the clerk came in January
    no_clerk = re.search(r'data-unit="T01V03".*?</tr>', html, flags=re.S).group(0)
    assert 'data-state="missing"' not in no_clerk


@pytest.mark.parametrize("query", ["township=T99", "township=T01V01", "township=%27--"])
def test_a_bad_township_in_the_grid_address_is_a_404(client, city_officer, t01_village, query):
    client_for(client, city_officer)
    assert client.get(f"/screening/grid/?year=2026&{query}").status_code == 404


# ---------------------------------------------------------------- API

def test_the_api_takes_a_village_report_and_the_townships_return(api, clerk, vc1, t01,
                                                                 this_month):
    api.force_authenticate(vc1)
    body = {"period": this_month.pk, "org_unit": "T01V01", "zero_report": True,
            "method": "visit", "screened_by": "村调解委员会"}
    created = api.post(REPORTS, body, format="json")
    assert created.status_code == 201, created.json()
    assert api.post(REPORTS, {**body, "org_unit": "T01V02"}, format="json").status_code == 400
    assert api.post(REPORTS, {**body, "org_unit": "T01"}, format="json").status_code == 400
    pk = created.json()["id"]
    assert api.post(f"{REPORTS}{pk}/return/", {"reason": "x"}, format="json").status_code == 403
    api.force_authenticate(clerk)
    returned = api.post(f"{REPORTS}{pk}/return/", {"reason": "请补充"}, format="json")
    assert (returned.status_code, returned.json()["status"]) == (200, "returned")
    assert api.post(f"{REPORTS}{pk}/return/", {}, format="json").status_code == 400


def test_the_api_shows_a_townships_villages_and_their_completeness(
        api, clerk, vc1, vc2, t01, t01_village, october):
    file_report(actor=vc1, period=october, unit=t01_village, zero=False)
    report = file_report(actor=clerk, period=october, unit=t01)
    api.force_authenticate(clerk)
    body = api.get(f"{REPORTS}{report.pk}/").json()
    assert body["villages_missing"] == ["T01V02"]
    villages = {v["org_unit"]: v for v in body["villages"]}
    assert villages["T01V01"]["report"]["items"][0]["description"] == "征地补偿争议"
    assert (villages["T01V02"]["state"], villages["T01V02"]["report"]) == ("missing", None)
    c = api.get(f"/api/v1/screening/completeness/?period={october.pk}&township=T01").json()
    assert (c["expected"], c["filed"], c["missing"]) == (2, 1, ["T01V02"])
    assert api.get(f"/api/v1/screening/completeness/?period={october.pk}&township=T02"
                   ).status_code == 404
    # The existing completeness (the township's units) is unchanged by the villages.
    assert api.get(f"/api/v1/screening/completeness/?period={october.pk}").json()[
        "expected"] == 1


def test_a_village_report_resubmitted_after_the_townships_return_is_not_on_the_citys_todo(
        client, clerk, city_officer, vc1, t01, t01_village, this_month):
    def resubmitted():
        html = client_for(client, city_officer).get("/", **ZH).content.decode()
        start = html.index('data-testid="todo-resubmitted"')
        return html[html.rindex("<a", 0, start):html.index("</a>", start)]

    report = file_report(actor=vc1, period=this_month, unit=t01_village,
                         on=this_month.opens_on)
    screening_report_return(report_id=report.pk, actor=clerk, reason="请补充")
    screening_report_update(report_id=report.pk, actor=vc1, zero_report=True, items=[],
                            now=datetime.combine(this_month.opens_on, datetime.min.time(),
                                                 tzinfo=SHANGHAI))
    assert ">0<" in resubmitted()

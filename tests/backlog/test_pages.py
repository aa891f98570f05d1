import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from backlog import services
from backlog.models import BacklogCase
from tests.builders import make_case, petition_row


def test_the_city_sees_every_case_with_the_charts_data(client, city_officer, case, campaign,
                                                       t02, t02_leader):
    make_case(city_officer, campaign, t02, t02_leader, title="东城遗留问题")
    client.force_login(city_officer)
    response = client.get("/backlog/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "老街拆迁补偿遗留问题" in html
    assert "东城遗留问题" in html
    assert 'id="backlog-charts"' in html
    assert "echarts.min.js" in html
    assert "/exports/backlog.xlsx" in html
    assert response.context["charts"]["new"] == [2]


def test_a_township_clerk_sees_only_its_units_cases(client, clerk, city_officer, case,
                                                    campaign, t02, t02_leader):
    make_case(city_officer, campaign, t02, t02_leader, title="东城遗留问题")
    client.force_login(clerk)
    html = client.get("/backlog/").content.decode()
    assert "老街拆迁补偿遗留问题" in html
    assert "东城遗留问题" not in html
    assert "/backlog/import/" not in html  # no import for a clerk


def test_the_list_filters_by_unit(client, city_officer, case, campaign, t02, t02_leader):
    make_case(city_officer, campaign, t02, t02_leader, title="东城遗留问题")
    client.force_login(city_officer)
    html = client.get("/backlog/?org_unit=T02").content.decode()
    assert "东城遗留问题" in html
    assert "老街拆迁补偿遗留问题" not in html
    html = client.get("/backlog/?org_unit=T01").content.decode()
    assert "老街拆迁补偿遗留问题" in html
    assert "东城遗留问题" not in html


def test_the_list_costs_the_same_queries_for_few_or_many_cases(
        client, city_officer, campaign, t01, leader):
    client.force_login(city_officer)
    make_case(city_officer, campaign, t01, leader, title="one")
    with CaptureQueriesContext(connection) as few:
        client.get("/backlog/")
    for i in range(20):
        make_case(city_officer, campaign, t01, leader, title=f"case {i}")
    with CaptureQueriesContext(connection) as many:
        client.get("/backlog/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_another_units_case_page_is_404(client, outsider, case):
    client.force_login(outsider)
    assert client.get(f"/backlog/{case.pk}/").status_code == 404
    assert client.post(f"/backlog/{case.pk}/submit_plan/", {"plan": "x"}).status_code == 404


def test_the_leader_submits_a_plan_from_the_case_page(client, leader, case):
    client.force_login(leader)
    page = client.get(f"/backlog/{case.pk}/").content.decode()
    assert 'data-testid="form-submit_plan"' in page
    assert 'data-testid="form-verify"' not in page
    response = client.post(f"/backlog/{case.pk}/submit_plan/", {"plan": "约谈当事人"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "plan_submitted"
    assert case.plan == "约谈当事人"


def test_the_leader_records_the_settlement_document_from_the_case_page(client, leader, case,
                                                                     today):
    services.case_submit_plan(case_id=case.pk, actor=leader, plan="方案")
    client.force_login(leader)
    page = client.get(f"/backlog/{case.pk}/").content.decode()
    assert "化解协议" in page and "处理意见书" in page
    refused = client.post(f"/backlog/{case.pk}/resolve/", {
        "on": str(today), "outcome_document": "agreement", "outcome": "信访人签署息诉罢访承诺书"})
    assert refused.status_code == 200  # the form again, with its error
    assert BacklogCase.objects.get(pk=case.pk).status == "plan_submitted"
    client.post(f"/backlog/{case.pk}/resolve/", {
        "on": str(today), "outcome_document": "decision", "satisfaction_signed": "on",
        "outcome": "出具处理意见书，诉求已依法解决"})
    page = client.get(f"/backlog/{case.pk}/").content.decode()
    assert "处理意见书（信访人已签字表示满意）" in page


def test_a_leader_posting_verify_is_refused(client, leader, case, today):
    services.case_submit_plan(case_id=case.pk, actor=leader, plan="方案")
    services.case_resolve(case_id=case.pk, actor=leader, on=today, outcome="已化解")
    client.force_login(leader)
    assert client.post(f"/backlog/{case.pk}/verify/").status_code == 403
    assert BacklogCase.objects.get(pk=case.pk).status == "resolved"


def test_the_city_returns_a_case_from_its_page(client, city_officer, leader, case, today):
    services.case_submit_plan(case_id=case.pk, actor=leader, plan="方案")
    services.case_resolve(case_id=case.pk, actor=leader, on=today, outcome="已化解")
    client.force_login(city_officer)
    page = client.get(f"/backlog/{case.pk}/").content.decode()
    assert 'data-testid="form-verify"' in page
    assert 'data-testid="form-reopen"' in page
    empty = client.post(f"/backlog/{case.pk}/reopen/", {"reason": ""})
    assert empty.status_code == 200  # the form again, with its error
    client.post(f"/backlog/{case.pk}/reopen/", {"reason": "缺少承诺书"})
    case.refresh_from_db()
    assert case.status == "in_progress"
    assert "缺少承诺书" in client.get(f"/backlog/{case.pk}/").content.decode()


def test_a_wrong_status_post_shows_a_message_not_an_error(client, city_officer, case):
    client.force_login(city_officer)
    response = client.post(f"/backlog/{case.pk}/verify/", follow=True)
    assert response.status_code == 200
    with translation.override("zh-hans"):
        expected = translation.gettext("Only a resolved case can be verified.")
    assert [str(m) for m in response.context["messages"]] == [expected]


def test_candidates_list_overdue_and_old_petitions_and_one_click_makes_a_case(
        client, city_officer, campaign, t01, leader, today):
    overdue = petition_row(t01, received_on=today - timedelta(days=90),
                            handling_due=today - timedelta(days=3), title="逾期未办结")
    old = petition_row(t01, status="replied", received_on=today.replace(month=1, day=1)
                        - timedelta(days=30), title="往年遗留")
    petition_row(t01, received_on=today - timedelta(days=10),
                  handling_due=today + timedelta(days=50), title="正常办理中")
    client.force_login(city_officer)
    html = client.get("/backlog/candidates/").content.decode()
    assert "逾期未办结" in html
    assert "往年遗留" in html
    assert "正常办理中" not in html
    form = client.get(f"/backlog/new/?petition={overdue.pk}")
    assert form.context["form"].initial["leader"] == leader
    response = client.post(f"/backlog/new/?petition={overdue.pk}", {
        "campaign": campaign.pk, "title": overdue.title, "org_unit": t01.pk,
        "leader": leader.pk, "due_on": str(today + timedelta(days=60)),
        "petition": overdue.pk})
    assert response.status_code == 302
    assert BacklogCase.objects.get().petition == overdue
    html = client.get("/backlog/candidates/").content.decode()
    assert "逾期未办结" not in html
    assert old.title in html


def test_a_clerk_cannot_open_the_candidates_or_import_pages(client, clerk):
    client.force_login(clerk)
    assert client.get("/backlog/candidates/").status_code == 403
    assert client.get("/backlog/import/").status_code == 403


def test_evidence_is_served_only_within_scope(client, leader, outsider, case, settings,
                                              tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(leader)
    client.post(f"/backlog/{case.pk}/evidence/",
                {"file": SimpleUploadedFile("承诺书.pdf", b"%PDF-1.4 signed")})
    evidence = case.evidence.get()
    url = f"/backlog/{case.pk}/evidence/{evidence.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 signed"
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_the_export_lists_the_campaigns_cases_with_real_dates(client, city_officer, case,
                                                              campaign):
    other = services.campaign_create(actor=city_officer, name="专项行动", year=2026,
                                     starts_on=campaign.starts_on, ends_on=campaign.ends_on)
    make_case(city_officer, other, case.org_unit, case.leader, title="另一行动")
    client.force_login(city_officer)
    response = client.get(f"/exports/backlog.xlsx?campaign={campaign.pk}")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.worksheets[0].values)
    assert rows[0][:4] == ("编号", "专项行动", "信访事项编号", "标题")
    assert len(rows) == 2
    assert rows[1][3] == "老街拆迁补偿遗留问题"
    assert rows[1][4] == "T01"
    assert rows[1][9].date() == case.due_on
    assert ("专项行动", "积案化解年") in list(workbook.worksheets[1].values)


def test_the_export_is_scoped(client, outsider, case):
    client.force_login(outsider)
    response = client.get("/exports/backlog.xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content)))
                .worksheets[0].values)
    assert len(rows) == 1


def test_the_monthly_flow_counts_new_resolved_verified_and_the_stock(
        city_officer, campaign, t01, leader, today):
    from backlog.selectors import monthly_flow

    a = make_case(city_officer, campaign, t01, leader, title="a", assigned_ago=0)
    make_case(city_officer, campaign, t01, leader, title="b", assigned_ago=0)
    services.case_submit_plan(case_id=a.pk, actor=leader, plan="方案")
    services.case_resolve(case_id=a.pk, actor=leader, on=today, outcome="已化解")
    services.case_verify(case_id=a.pk, actor=city_officer)
    BacklogCase.objects.filter(pk=a.pk).update(assigned_on=today.replace(day=1)
                                                 - timedelta(days=40))
    flow = monthly_flow(user=city_officer)
    assert len(flow) == 3  # the quiet month in between is shown too
    assert [(m["new"], m["resolved"], m["verified"], m["stock"]) for m in flow] == [
        (1, 0, 0, 1), (0, 0, 0, 1), (1, 1, 1, 1)]

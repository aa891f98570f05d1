"""Every exporter behind /exports/<name>.xlsx: header words, a row's cells in words and
numbers, as many rows as its list, the user's scope, a dated Chinese file name, an
autofilter, and the filters in words on the second sheet (issues 14 and 17)."""

import io
from datetime import date
from unittest import mock
from urllib.parse import quote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from backlog.models import BacklogCase
from core.exports import exporter_names
from petitions.models import Petition
from screening.models import ScreeningPeriod
from stability.models import RiskMatter
from supervision.models import AssessmentScore, SupervisionOrder
from tests.builders import TODAY, petition_row


@pytest.fixture(autouse=True)
def _export_today():
    with mock.patch("dashboards.exports.local_today", return_value=TODAY):
        yield


def book(response):
    assert response.status_code == 200, response.content[:300]
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def table(response) -> list[tuple]:
    return list(book(response).worksheets[0].iter_rows(values_only=True))


def details(workbook) -> dict:
    return {row[0]: row[1] for row in workbook.worksheets[1].iter_rows(values_only=True)}


EXPORTS = {  # name -> (the query, the file's Chinese name, its first headers)
    "petitions": ("", "信访事项台账", ("编号", "收件日期", "信访形式")),
    "backlog": ("", "积案台账", ("编号", "专项行动", "信访事项编号", "标题")),
    "stability": ("", "稳定风险事项", ("序号", "标题", "单位")),
    "supervision": ("", "督办单", ("编号", "单位", "事项类型", "督办事项")),
    "assessment": ("?year=2026&month=10", "考核", ("排名", "单位代码", "单位")),
    "screening-completeness": ("?year=2026", "排查报送情况", ("编码", "单位", "1月")),
    # issue 20: cases from above and the joint meetings' decisions.
    "upper-feedback": ("?state=all", "上级交办件", ("编号", "上级交办文号", "收件日期")),
    "meetings": ("", "联席会议决定事项", ("召开日期", "会议", "会次")),
}


def test_every_list_export_of_api_md_is_a_registered_exporter():
    assert sorted(EXPORTS) == exporter_names()


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_each_export_is_a_dated_chinese_file_with_headers_autofilter_and_frozen_row(
        client, world, city_officer, name):
    query, title, headers = EXPORTS[name]
    client.force_login(city_officer)
    response = client.get(reverse(f"export-{name}") + query)
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"{name}_2026-11-18.xlsx\"; "
        f"filename*=UTF-8''{quote(f'{title}_2026-11-18.xlsx')}")
    workbook = book(response)
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:len(headers)] == headers
    assert sheet.freeze_panes == "A2"
    last = sheet.cell(row=1, column=len(rows[0])).column_letter
    assert sheet.auto_filter.ref == f"A1:{last}{len(rows)}"
    assert sheet.title == title
    # The second sheet speaks words: no field names such as year, month or org_unit.
    keys = details(workbook)
    assert keys["记录数"] == len(rows) - 1 and "导出时间" in keys
    assert not [k for k in keys if k.isascii()]


def test_the_generic_path_serves_the_same_export_and_an_unknown_name_is_404(
        client, world, city_officer):
    client.force_login(city_officer)
    assert client.get("/exports/petitions.xlsx")["X-Row-Count"] == "11"
    assert client.get(reverse("export", args=["nothing"])).status_code == 404


def test_the_petition_ledger_has_the_number_and_words_of_each_petition(
        client, world, clerk, outsider, t01):
    client.force_login(clerk)
    listed = client.get(reverse("petitions:list"), {"status": "assigned"})
    response = client.get("/exports/petitions.xlsx?status=assigned")
    workbook = book(response)
    rows = list(workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert len(rows) == listed.context["page"].paginator.count == 5
    newest = Petition.objects.filter(org_unit=t01).order_by("-received_on", "-id").first()
    assert rows[0][0] == newest.number and rows[0][0].startswith("XF-")
    assert rows[0][1].date() == newest.received_on
    assert rows[0][2] == "来访" and rows[0][12] == "已交办"
    assert details(workbook)["状态"] == "已交办"
    client.force_login(outsider)  # the clerk of T02 never gets a T01 row
    rows = table(client.get("/exports/petitions.xlsx"))[1:]
    assert {r[3] for r in rows} == {"东城街道"} and len(rows) == 2


def test_the_backlog_ledger_numbers_its_rows_in_words_not_ids(client, world, city_officer,
                                                              outsider):
    client.force_login(city_officer)
    listed = client.get(reverse("backlog:index"), {"campaign": world.pk})
    rows = table(client.get(f"/exports/backlog.xlsx?campaign={world.pk}"))[1:]
    assert len(rows) == listed.context["page"].paginator.count == 3
    # Each row carries the case's own number (JA-…), never a db id nor a row index.
    numbers = dict(BacklogCase.objects.values_list("title", "number"))
    assert [r[0] for r in rows] == [numbers[r[3]] for r in rows]
    assert all(r[0].startswith("JA-") for r in rows)
    assert [(r[3], r[7]) for r in rows] == [("老街拆迁", "处理中"), ("工资拖欠", "已化解"),
                                            ("土地确权", "已销号")]
    client.force_login(outsider)
    rows = table(client.get("/exports/backlog.xlsx"))[1:]
    assert [r[3] for r in rows] == ["土地确权"]


def test_the_stability_register_numbers_its_rows_and_shows_labels(client, clerk, outsider,
                                                                  leader, t01, t02):
    for title, unit, risk in (("征地纠纷", t01, "high"), ("欠薪纠纷", t01, "low"),
                              ("T02 的事", t02, "high")):
        RiskMatter.objects.create(title=title, category="labor_social_security", org_unit=unit,
                                  people_involved="约 40 户", risk_level=risk, leader=leader,
                                  opened_on=date(2026, 11, 1))
    client.force_login(clerk)
    listed = client.get(reverse("stability:index"), {"risk_level": "high"})
    workbook = book(client.get("/exports/stability.xlsx?risk_level=high"))
    rows = list(workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert len(rows) == listed.context["page"].paginator.count == 1
    number = RiskMatter.objects.get(title="征地纠纷").number
    assert number.startswith("MD-2026-")
    assert rows[0][:6] == (number, "征地纠纷", "城关镇", "劳动社保", "高", "未化解")
    assert details(workbook)["风险等级"] == "高"
    client.force_login(outsider)
    assert [r[1] for r in table(client.get("/exports/stability.xlsx"))[1:]] == ["T02 的事"]


def test_the_supervision_export_names_the_petition_by_its_number(client, world, city_officer,
                                                                 outsider, t01):
    target = petition_row(t01, received_on=date(2026, 11, 2), title="河道污染")
    SupervisionOrder.objects.create(
        number="DB-2026-00099", target_type="petition", target_id=target.pk, petition=target,
        target_label="河道污染", org_unit=t01, level="key", due_on=date(2026, 11, 30),
        instructions="限期办结", issued_on=date(2026, 11, 16))
    client.force_login(city_officer)
    listed = client.get(reverse("supervision:index"), {"status": "open"})
    workbook = book(client.get("/exports/supervision.xlsx?status=open"))
    rows = {r[0]: r for r in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert len(rows) == listed.context["page"].paginator.count == 3
    row = rows["DB-2026-00099"]
    assert row[2:5] == ("信访事项", f"{target.number} 河道污染", "重点督办")
    assert row[7] != "open" and not row[7].isascii()
    assert details(workbook)["状态"] == row[7]
    client.force_login(outsider)
    assert len(table(client.get("/exports/supervision.xlsx"))) == 2  # T02's closed order


def test_the_assessment_details_name_rules_points_and_records(client, world, city_officer,
                                                              clerk, t01):
    target = Petition.objects.filter(org_unit=t01).first()
    period = ScreeningPeriod.objects.get(year=2026, month=10)
    AssessmentScore.objects.filter(org_unit=t01, period=10).update(deductions=[
        {"rule": "report_missing", "points": -3, "ref": f"screening_period:{period.pk}",
         "on": "2026-10-06", "label": "due 2026-10-05"},
        {"rule": "level_skipping_unreported", "points": -2, "ref": f"petition:{target.pk}",
         "on": "2026-10-08", "label": target.number},
    ])
    client.force_login(city_officer)
    listed = client.get(reverse("supervision:assessment"), {"year": 2026, "month": 10})
    workbook = book(client.get("/exports/assessment.xlsx?year=2026&month=10"))
    rows = list(workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(listed.context["scores"]) == 2
    t01_row = rows[1]
    assert t01_row[:6] == (2, "T01", "城关镇", 91.5, 2, -5.0)
    assert t01_row[6] == ("矛盾纠纷排查报告未报（-3分）：2026年10月 排查报告；"
                          f"越级访事项未在排查中提前报告（-2分）：{target.number}")
    assert details(workbook) | {"导出时间": None} == {"导出时间": None, "记录数": 2,
                                                    "年度": 2026, "月份": 10}
    client.force_login(clerk)
    assert [r[1] for r in table(client.get("/exports/assessment.xlsx?year=2026&month=10"))[1:]
            ] == ["T01"]


def test_the_screening_export_is_one_row_a_unit_of_the_users_scope(client, world, clerk):
    client.force_login(clerk)
    rows = table(client.get("/exports/screening-completeness.xlsx?year=2026"))
    assert [r[0] for r in rows[1:]] == ["T01", None]  # the unit, then the totals row
    assert rows[1][2] == "零报告"


def test_a_control_character_in_an_old_title_never_breaks_the_export(client, city_officer,
                                                                      t01):
    petition_row(t01, received_on=TODAY, title="河道\x01污染\x0b严重\t续\n完")
    client.force_login(city_officer)
    rows = table(client.get("/exports/petitions.xlsx"))
    assert rows[1][6] == "河道污染严重\t续\n完"


def test_a_large_export_of_any_list_goes_to_the_background(client, settings, world,
                                                            city_officer):
    from dashboards.models import ExportJob

    settings.EXPORT_ASYNC_THRESHOLD = 2
    client.force_login(city_officer)
    with mock.patch("dashboards.tasks.run_export.apply_async"):
        response = client.get("/exports/backlog.xlsx")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and job.name == "backlog"
    from core.files import files
    from dashboards.export_runner import export_path, export_run
    export_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.done) == ("done", 3)
    download = client.get(reverse("dashboards:export_job_download", args=[job.pk]))
    assert quote("积案台账_") in download["Content-Disposition"]
    assert len(table(download)) == 4
    files.delete(export_path(job.file_name))

"""Issue 17, done when: the city officer's working day in zh-CN (the city to-do, a
petition accepted and handed over to a township, a screening report returned, a
resolved backlog case struck off, the petition ledger downloaded), every page and
every cell of the workbook checked for codes and English words
(tests/browser/journey.py)."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from backlog import services as backlog
from backlog.models import BacklogCase
from screening.models import ScreeningReport
from screening.services import ItemData, screening_period_ensure, screening_report_create
from tests.browser.journey import check_page, check_workbook, download, sign_in, visit
from tests.builders import PASSWORD, pin_clock, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = date(2026, 11, 18)


@pytest.fixture
def waiting(time_machine, clerk, leader, city_officer, t01, t02):
    """What waits for the city on 18 November: a petition T01 registered, T01's
    November report (with a dispute whose people are not counted), a backlog case
    T01's leader has resolved."""
    pin_clock(time_machine, DAY, hour=9)
    petition = register(clerk, t01, received_on=DAY - timedelta(days=1), title="养殖场污水直排")
    period, _created = screening_period_ensure(year=2026, month=11)
    report = screening_report_create(
        actor=clerk, period=period, org_unit=t01, zero_report=False,
        items=[ItemData(category="land_demolition", description="东风村宅基地边界纠纷")])
    campaign = backlog.campaign_create(actor=city_officer, name="积案化解年", year=2026,
                                       starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    case = backlog.case_create(actor=city_officer, campaign=campaign, title="老街拆迁补偿遗留问题",
                               org_unit=t01, leader=leader, due_on=DAY + timedelta(days=40),
                               assigned_on=DAY - timedelta(days=20))
    backlog.case_submit_plan(case_id=case.pk, actor=leader, plan="约谈当事人",
                             today=DAY - timedelta(days=19))
    backlog.case_resolve(case_id=case.pk, actor=leader, on=DAY - timedelta(days=2),
                         outcome="双方签订化解协议，补偿款已到位",
                         satisfaction_signed=True, today=DAY - timedelta(days=2))
    return petition, report, case


def test_the_city_officers_working_day(page, waiting):
    petition, report, case = waiting
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, "city", PASSWORD)
    expect(page.locator("[data-testid=todo-accept] .fs-4")).to_have_text("1")
    expect(page.locator("[data-testid=todo-verify] .fs-4")).to_have_text("1")

    # Waiting for acceptance: accept it and hand it over to the township.
    page.click("[data-testid=todo-accept]")
    page.wait_for_url("**/petitions/?status=registered")
    check_page(page)
    page.get_by_role("link", name=petition.number).click()
    page.wait_for_url(f"**/petitions/{petition.pk}/")
    check_page(page)
    page.click("[data-testid=open-accept]")
    assert page.input_value("#id_accept-on") == DAY.isoformat()
    page.click("[data-testid=do-accept]")
    expect(page.locator("[data-testid=status]")).to_have_text("已受理")
    check_page(page)
    page.click("[data-testid=open-assign]")
    page.select_option("#id_assign-org_unit", label="城关镇（T01）")
    check_page(page)
    page.click("[data-testid=do-assign]")
    expect(page.locator("[data-testid=status]")).to_have_text("已交办")
    check_page(page)
    petition.refresh_from_db()
    assert (petition.status, petition.handling_unit.code) == ("assigned", "T01")

    # T01's November report: returned for correction.
    visit(page, "/screening/")
    visit(page, f"/screening/grid/?year={DAY.year}")
    page.locator(f"tr[data-unit=T01] td[data-month='{DAY.month}'] a").click()
    page.wait_for_url(f"**/screening/reports/{report.pk}/")
    check_page(page)
    page.fill("#id_reason", "涉及人数未填写，请补充后重报")
    page.get_by_role("button", name="退回报告").click()
    expect(page.locator("[data-testid=report-status]")).to_have_text("已退回")
    check_page(page)
    assert ScreeningReport.objects.get().status == "returned"

    # The resolved backlog case: struck off (销号).
    visit(page, "/")
    page.click("[data-testid=todo-verify]")
    page.wait_for_url("**/backlog/?status=resolved")
    check_page(page)
    page.click(f"main >> text={case.title}")
    page.wait_for_url(f"**/backlog/{case.pk}/")
    check_page(page)
    page.click("[data-testid=form-verify] button[type=submit]")
    expect(page.locator("[data-testid=status]")).to_have_text("已销号")
    check_page(page)
    assert BacklogCase.objects.get().status == "verified"

    # The petition ledger, downloaded and read cell by cell.
    visit(page, "/petitions/")
    name, content = download(page, "[data-testid=export]")
    assert name == f"信访事项台账_{DAY.isoformat()}.xlsx"
    sheets = check_workbook(content)
    cells = {str(v) for rows in sheets.values() for row in rows for v in row}
    assert petition.number in cells

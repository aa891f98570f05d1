"""Issue 17, done when: a township clerk's working day in zh-CN, no date typed by
hand, no English word or code on any page visited (tests/browser/journey.py)."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from backlog import services as backlog
from petitions.models import Petition
from screening.models import ScreeningReport
from screening.services import screening_period_ensure
from tests.browser.journey import check_page, sign_in, sign_out, visit
from tests.builders import PASSWORD, id_number, pin_clock

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = date(2026, 11, 18)


@pytest.fixture
def morning(time_machine, clerk, leader, city_officer):
    """18 November: the November period is open; the city handed a backlog case over
    to T01 last month, and its leader has submitted the plan."""
    pin_clock(time_machine, DAY, hour=9)
    screening_period_ensure(year=2026, month=11)
    campaign = backlog.campaign_create(actor=city_officer, name="积案化解年", year=2026,
                                       starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    case = backlog.case_create(actor=city_officer, campaign=campaign, title="老街拆迁补偿遗留问题",
                               org_unit=clerk.org_unit, leader=leader,
                               due_on=DAY + timedelta(days=40), assigned_on=DAY - timedelta(days=5))
    backlog.case_submit_plan(case_id=case.pk, actor=leader, plan="包案领导约谈，分类化解",
                             today=DAY - timedelta(days=4))
    return case


def test_a_township_clerks_working_day(page, time_machine, morning):
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, "clerk_T01", PASSWORD)
    # The to-do comes first: the backlog case handed over to the unit is on it.
    expect(page.locator("main")).to_contain_text("老街拆迁补偿遗留问题")

    # Register a petition: the date is today's already; choose the category.
    visit(page, "/petitions/new/")
    assert page.input_value("#id_received_on") == DAY.isoformat()
    page.select_option("#id_channel", "visit")
    page.select_option("#id_category", "environment")
    page.fill("#id_title", "养殖场污水直排")
    page.fill("#id_content", "村东养殖场污水直排河道，请求处理。")
    page.fill("#id_p-0-name", "张三")
    page.fill("#id_p-0-id_number", id_number(42))
    page.press("#id_p-0-id_number", "Tab")
    page.locator("#check-0").get_by_text("无既往信访").wait_for()
    check_page(page)
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_url("**/petitions/*/")
    check_page(page)
    petition = Petition.objects.get()
    assert petition.number in page.locator("h1").inner_text()

    # Accept it and record the reply: each form opens with today's date in it.
    page.click("[data-testid=open-accept]")
    assert page.input_value("#id_accept-on") == DAY.isoformat()
    page.click("[data-testid=do-accept]")
    expect(page.locator("[data-testid=status]")).to_have_text("已受理")
    check_page(page)
    page.click("[data-testid=open-reply]")
    assert page.input_value("#id_reply-on") == DAY.isoformat()
    page.fill("#id_reply-opinion", "已责令养殖场停止排污并限期整改。")
    page.click("[data-testid=do-reply]")
    page.locator("[data-testid=reply]").wait_for()
    expect(page.locator("[data-testid=status]")).to_have_text("已答复")
    check_page(page)
    petition.refresh_from_db()
    assert (petition.accepted_on, petition.replied_on) == (DAY, DAY)

    # The monthly screening report, with one dispute found.
    visit(page, "/screening/")
    page.get_by_role("link", name="填报矛盾纠纷").click()
    page.wait_for_url("**/screening/reports/new/**")
    check_page(page)
    page.select_option("#id_method", "visit")  # the four unifications: how, and who
    page.fill("#id_screened_by", "镇综治办、各村调解委员会")
    page.select_option("#id_items-0-category", index=1)
    page.fill("#id_items-0-description", "东风村两户宅基地边界纠纷")
    page.fill("#id_items-0-parties", "李某、王某")
    page.fill("#id_items-0-people_involved", "2")
    page.click("[data-testid=submit-items]")
    page.wait_for_url("**/screening/reports/*/")
    expect(page.locator("[data-testid=report-status]")).to_have_text("已报送")
    check_page(page)
    november = ScreeningReport.objects.get()
    assert (november.zero_report, november.items.count()) == (False, 1)

    # Backlog progress on the case the city handed over.
    visit(page, "/backlog/")
    page.click("main >> text=老街拆迁补偿遗留问题")
    page.wait_for_url(f"**/backlog/{morning.pk}/")
    check_page(page)
    form = page.locator("[data-testid=form-report_progress]")
    assert form.locator("input[type=date]").input_value() == DAY.isoformat()
    form.locator("textarea").fill("已组织双方协商，初步达成补偿意向")
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=progress]")).to_contain_text("初步达成补偿意向")
    check_page(page)

    # The bell: the handover notice, read and marked read.
    page.click("[data-testid=bell]")
    menu = page.locator("[data-testid=bell] + .dropdown-menu")
    expect(menu).to_contain_text(morning.number)
    check_page(page)
    menu.get_by_role("button", name="标记为已读").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("[data-testid=bell-count]")).to_have_count(0)
    check_page(page)

    # December: nothing was found, so a zero report in one confirmed click.
    pin_clock(time_machine, date(2026, 12, 2), hour=9)
    screening_period_ensure(year=2026, month=12)
    sign_out(page)  # two weeks later: a new session
    sign_in(page, "clerk_T01", PASSWORD)
    visit(page, "/screening/")
    page.click("[data-testid=zero-report]")
    check_page(page)
    page.select_option("[data-testid=zero-method]", "visit")
    page.fill("[data-testid=zero-screened-by]", "镇综治办、各村调解委员会")
    page.click("[data-testid=confirm-zero]")
    page.wait_for_url("**/screening/reports/*/")
    expect(page.locator("[data-testid=report-status]")).to_have_text("已报送")
    check_page(page)
    december = ScreeningReport.objects.get(period__month=12)
    assert (december.zero_report, december.late) == (True, False)

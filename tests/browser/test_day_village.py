"""Issue 20, item 5 in zh-CN: a village clerk (村信息员) files the village's monthly
screening report; 城关镇's clerk sees it among its villages and opens it. No English
word or code on any page visited (tests/browser/journey.py)."""

from datetime import date, datetime

import pytest
from playwright.sync_api import expect

from accounts import roles
from accounts.models import OrgUnit
from screening.models import ScreeningReport
from screening.services import screening_period_ensure
from tests.browser.journey import check_page, sign_in, sign_out, visit
from tests.builders import PASSWORD, SHANGHAI, log_in, make_user, pin_clock

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = date(2026, 11, 18)


@pytest.fixture
def villages(time_machine, clerk, t01):
    pin_clock(time_machine, DAY, hour=9)
    screening_period_ensure(year=2026, month=11)
    dongfeng = OrgUnit.objects.create(code="T01V01", name="城关东风村",
                                      kind=OrgUnit.Kind.VILLAGE, parent=t01)
    hongqi = OrgUnit.objects.create(code="T01V02", name="城关红旗社区",
                                    kind=OrgUnit.Kind.VILLAGE, parent=t01)
    for unit, name in ((dongfeng, "东风村信息员"), (hongqi, "红旗社区信息员")):
        user = make_user(f"village_{unit.code}", unit, roles.VILLAGE_CLERK)
        user.full_name = name
        user.date_joined = datetime(2026, 6, 1, 9, tzinfo=SHANGHAI)
        user.save(update_fields=["full_name", "date_joined"])
    return dongfeng


def test_a_village_files_its_report_and_the_township_sees_it(page, villages):
    log_in(page, "village_T01V01", PASSWORD)
    page.wait_for_url("**/screening/")  # the village clerk's home is the screening page
    check_page(page)
    expect(page.locator("[data-testid=files-to]")).to_contain_text("城关镇")
    page.get_by_role("link", name="填报矛盾纠纷").click()
    page.wait_for_url("**/screening/reports/new/**")
    check_page(page)
    page.select_option("#id_method", "visit")
    page.fill("#id_screened_by", "村调解委员会、网格员")
    page.select_option("#id_items-0-category", "rural_affairs")
    page.fill("#id_items-0-description", "两户村民宅基地通道纠纷")
    page.fill("#id_items-0-people_involved", "2")
    page.click("[data-testid=submit-items]")
    page.wait_for_url("**/screening/reports/*/")
    check_page(page)
    assert page.locator("[data-testid=report-status]").inner_text() == "已报送"
    report = ScreeningReport.objects.get()
    assert (report.org_unit, report.zero_report) == (villages, False)
    sign_out(page)

    sign_in(page, "clerk_T01", PASSWORD)
    visit(page, "/screening/")
    section = page.locator("[data-testid=villages]")
    expect(section).to_contain_text("城关东风村")
    expect(page.locator("[data-testid=villages-missing]")).to_have_text("城关红旗社区")
    section.get_by_role("link", name="城关东风村").click()
    page.wait_for_url(f"**/screening/reports/{report.pk}/")
    check_page(page)
    expect(page.locator("main")).to_contain_text("两户村民宅基地通道纠纷")
    expect(page.get_by_role("button", name="退回报告")).to_be_visible()

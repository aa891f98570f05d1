from datetime import timedelta

import pytest

from backlog import services
from backlog.models import BacklogCase
from core.dates import local_today
from tests.builders import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def campaign(city_officer):
    today = local_today()
    return services.campaign_create(actor=city_officer, name="积案化解年", year=today.year,
                                    starts_on=today - timedelta(days=30),
                                    ends_on=today + timedelta(days=180))


def log_out(page):
    page.click("[data-testid=user-menu]")
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url(f"{page.base_url}/accounts/login/")


def test_the_city_hands_over_the_leader_resolves_and_the_city_verifies(
        page, city_officer, leader, campaign):
    today = local_today()
    log_in(page, "city", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    page.goto(f"{page.base_url}/backlog/")
    page.click("text=交办积案")
    page.fill("#id_title", "老街拆迁补偿遗留问题")
    page.select_option("#id_org_unit", label="城关镇（T01）")
    page.select_option("#id_leader", label="leader_T01（城关镇）")
    page.fill("#id_due_on", str(today + timedelta(days=60)))
    page.click("button[type=submit]:has-text('交办')")
    page.wait_for_url("**/backlog/*/")
    assert page.locator("[data-testid=status]").inner_text() == "已交办"
    log_out(page)

    log_in(page, "leader_T01", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    page.goto(f"{page.base_url}/backlog/")
    page.click("text=老街拆迁补偿遗留问题 >> visible=true")  # the bell lists it too
    page.fill("[data-testid=form-submit_plan] textarea", "包案领导约谈当事人，依法分类化解")
    page.click("[data-testid=form-submit_plan] button[type=submit]")
    page.wait_for_selector("[data-testid=form-resolve]")
    assert "包案领导约谈当事人" in page.locator("[data-testid=plan]").inner_text()
    page.fill("[data-testid=form-resolve] input[type=date]", str(today))
    page.select_option("[data-testid=form-resolve] select", "agreement")
    page.check("[data-testid=form-resolve] input[type=checkbox]")
    page.fill("[data-testid=form-resolve] textarea", "双方签订化解协议，信访人签字表示满意")
    page.click("[data-testid=form-resolve] button[type=submit]")
    page.wait_for_selector("text=双方签订化解协议，信访人签字表示满意")
    assert "化解协议" in page.locator("[data-testid=outcome-document]").inner_text()
    assert page.locator("[data-testid=status]").inner_text() == "已化解"
    assert page.locator("[data-testid=form-verify]").count() == 0
    log_out(page)

    log_in(page, "city", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    page.goto(f"{page.base_url}/backlog/")
    page.click("text=老街拆迁补偿遗留问题 >> visible=true")  # the bell lists it too
    page.click("[data-testid=form-verify] button[type=submit]")
    page.wait_for_selector("[data-testid=status]:has-text('已销号')")
    case = BacklogCase.objects.get()
    assert case.status == "verified"
    assert case.verified_on == today
    assert page.locator("[data-testid=timeline] li").count() == 4

import re

import pytest
from playwright.sync_api import expect

from accounts import roles
from tests.builders import PASSWORD, days_ago, log_in, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_registers_a_matter_logs_a_contact_and_the_leader_resolves_it(page, clerk,
                                                                              leader):
    log_in(page, "clerk_T01", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    page.goto(f"{page.base_url}/stability/")
    page.get_by_role("link", name="新建事项").click()
    page.fill("#id_title", "东风村三组征地补偿款分配争议")
    page.select_option("#id_category", "land_demolition")
    page.select_option("#id_org_unit", label="城关镇（T01）")
    page.select_option("#id_risk_level", "high")
    page.fill("#id_people_involved", "三组约40户村民")
    page.select_option("#id_leader", label="leader_T01 (城关镇)")
    page.fill("#id_plan", "包案领导牵头核实补偿标准")
    page.get_by_role("button", name="登记事项").click()
    page.wait_for_url(re.compile(r"/stability/\d+/$"))
    assert page.locator("[data-testid=risk]").first.inner_text() == "高"

    form = page.locator("[data-testid=contact-form]")
    form.locator("#id_on").fill(days_ago(0).isoformat())
    form.locator("#id_summary").fill("村民代表反映分配方案未经讨论")
    form.locator("#id_outcome").fill("同意召开村民代表会议")
    form.get_by_role("button").click()

    expect(page.locator(".alert-success")).to_be_visible()
    assert "同意召开村民代表会议" in page.locator("[data-testid=contacts]").inner_text()
    assert page.locator("[data-testid=status]").inner_text() == "处理中"
    url = page.url

    page.click("[data-testid=user-menu]")
    page.get_by_role("button", name="退出登录").click()
    log_in(page, "leader_T01", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    page.goto(url)
    resolve = page.locator("[data-testid=resolve-form]")
    resolve.locator("input[name=on]").fill(days_ago(0).isoformat())
    resolve.locator("textarea[name=outcome]").fill("补偿款已按新方案发放，村民息诉罢访")
    resolve.get_by_role("button").click()
    expect(page.locator("[data-testid=status]")).to_have_text("已化解")
    assert "补偿款已按新方案发放" in page.locator("[data-testid=phase-after]").inner_text()

    # Another township's clerk finds nothing there.
    make_user("clerk_T02x", None, roles.CLERK)
    page.click("[data-testid=user-menu]")
    page.get_by_role("button", name="退出登录").click()
    log_in(page, "clerk_T02x", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    assert page.goto(url).status == 404

"""Idle logout warning with "继续工作", and form drafts that survive an expired session."""

import re

import pytest
from django.contrib.sessions.models import Session

from petitions.models import Petition
from tests.builders import PASSWORD, id_number, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_warning_comes_two_minutes_before_expiry_and_continue_renews(page, clerk,
                                                                          settings):
    # A 125-second session: the warning is due 5 seconds after the page loads.
    settings.SESSION_COOKIE_AGE = 125
    log_in(page, "clerk_T01", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    warning = page.locator("[data-testid=session-warning]")
    warning.wait_for(timeout=15_000)
    assert "两分钟后将自动退出登录" in warning.inner_text()
    with page.expect_response("**/session/renew/") as renewed:
        warning.get_by_role("button", name="继续工作").click()
    assert renewed.value.status == 200
    warning.wait_for(state="detached")


def test_a_draft_survives_an_expired_session_and_is_cleared_once_registered(page, clerk):
    log_in(page, "clerk_T01", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    page.goto(f"{page.base_url}/petitions/new/")
    page.fill("#id_title", "养殖场污水直排")
    page.fill("#id_content", "村东养殖场污水直排河道，请求处理。")
    page.fill("#id_p-0-name", "张三")
    page.wait_for_timeout(600)  # the draft is saved 300 ms after typing stops

    Session.objects.all().delete()  # 30 idle minutes: the session has expired
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_url("**/accounts/login/**")
    page.fill("#id_username", "clerk_T01")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/petitions/new/")
    page.locator("[data-testid=draft-restored]").wait_for()
    assert "已恢复" in page.locator("[data-testid=draft-restored]").inner_text()
    assert page.input_value("#id_title") == "养殖场污水直排"
    assert page.input_value("#id_p-0-name") == "张三"

    page.fill("#id_p-0-id_number", id_number(42))
    page.select_option("#id_category", "environment")  # a required choice (issue 18)
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_url(re.compile(r".*/petitions/\d+/$"))
    assert Petition.objects.count() == 1
    drafts = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('draft:'))")
    assert drafts == []

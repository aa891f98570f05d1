"""A clerk registers a petition, the city officer accepts and replies, the
petitioner follows it on the public page."""

import pytest

from petitions.models import Petition
from tests.builders import PASSWORD, id_number, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_accept_reply_and_follow_up(page, clerk, city_officer, browser):
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, "clerk_T01", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    page.goto(f"{page.base_url}/petitions/new/")
    page.fill("#id_received_on", "2026-09-16")
    page.select_option("#id_channel", "visit")
    page.select_option("#id_category", "environment")
    page.fill("#id_title", "养殖场污水直排")
    page.fill("#id_content", "村东养殖场污水直排河道，请求处理。")
    page.fill("#id_p-0-name", "张三")
    page.fill("#id_p-0-id_number", id_number(42))
    page.press("#id_p-0-id_number", "Tab")
    page.locator("#check-0").get_by_text("无既往信访").or_(
        page.locator("#check-0").get_by_text("no earlier petition")).wait_for()
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_url("**/petitions/*/")
    number = Petition.objects.get().number
    assert number in page.locator("h1").inner_text()
    assert page.locator("[data-testid=status]").inner_text() == "已登记"

    city = browser.new_context(locale="zh-CN").new_page()
    city.on("dialog", lambda dialog: dialog.accept())
    city.base_url = page.base_url
    log_in(city, "city", PASSWORD)
    city.wait_for_url(f"{page.base_url}/")
    city.goto(page.url)
    city.click("[data-testid=open-accept]")
    city.fill("#id_accept-on", "2026-09-18")
    city.click("[data-testid=do-accept]")
    city.wait_for_selector("text=已受理")
    city.click("[data-testid=open-reply]")
    city.fill("#id_reply-on", "2026-10-20")
    city.fill("#id_reply-opinion", "已责令养殖场停止排污并限期整改。")
    city.click("[data-testid=do-reply]")
    city.locator("[data-testid=reply]").wait_for()
    assert city.locator("[data-testid=status]").inner_text() == "已答复"

    public = browser.new_context(locale="zh-CN").new_page()
    public.goto(f"{page.base_url}/petitions/track/")
    public.fill("#id_number", number)
    public.fill("#id_query_code", city.locator("[data-testid=query-code]").inner_text())
    public.get_by_role("button", name="查询").click()
    assert "已责令养殖场停止排污" in public.locator("[data-testid=track-reply]").inner_text()

import pytest

from tests.builders import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_logs_in_sees_the_dashboard_and_logs_out(page, clerk, t01_village):
    log_in(page, "clerk_T01", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    assert page.locator("h1").inner_text() == "工作台"
    assert "城关镇" in page.locator("[data-testid=scope]").inner_text()
    # The stylesheet is served locally: the navigation bar has its colour.
    assert page.locator("nav.app-nav").evaluate(
        "el => getComputedStyle(el).backgroundColor") == "rgb(139, 26, 26)"
    page.click("[data-testid=user-menu]")
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url(f"{page.base_url}/accounts/login/")
    page.goto(f"{page.base_url}/")
    assert "/accounts/login/" in page.url


def test_a_wrong_password_keeps_the_clerk_on_the_login_page(page, clerk):
    log_in(page, "clerk_T01", "wrong-password")
    assert page.locator(".alert-danger").is_visible()
    assert "/accounts/login/" in page.url

"""Issue 17, items 9 and 11 in the browser (zh-CN): a supervisor's first login with
two-factor required shows the set-up form once (the bell's request is not redirected
into the navigation bar), and the bell refreshes itself while the tab is visible."""

from datetime import date

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.builders import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supervisors_first_login_sets_up_two_factor_with_one_form(page, supervisor,
                                                                     settings):
    settings.OTP_REQUIRED_ROLES = ("admin", "supervisor")
    log_in(page, "supervisor", PASSWORD)
    page.wait_for_url(f"{page.base_url}/accounts/two-factor/setup/")
    page.wait_for_load_state("networkidle")
    # One set-up form: the bell asked, got nothing, and left the navigation alone.
    assert page.locator("[data-testid=otp-secret]").count() == 1
    assert page.locator("input[name=token]").count() == 1
    assert page.locator("nav [data-testid=otp-secret]").count() == 0
    assert page.locator(".alert").count() == 1  # the page's reason, said once
    device = TOTPDevice.objects.get(user=supervisor)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.fill("input[name=token]", code)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{page.base_url}/**")
    page.goto(f"{page.base_url}/supervision/")
    page.wait_for_load_state("networkidle")
    assert "/two-factor/" not in page.url
    assert page.locator("[data-testid=bell]").count() == 1  # the bell, now loaded


def test_the_bell_refreshes_every_minute_without_navigation(page, clerk, city_officer, t01):
    from alerts.models import Notification

    page.clock.install()
    log_in(page, "clerk_T01", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    page.wait_for_selector("[data-testid=bell]")
    assert page.locator("[data-testid=bell-count]").count() == 0
    Notification.objects.create(org_unit=t01, kind="handover", day=date(2026, 11, 30),
                                text="信访事项 XF-2026-000123 已交办本单位，请及时办理。",
                                link="/petitions/")
    page.clock.run_for(61_000)
    page.wait_for_selector("[data-testid=bell-count]")
    assert page.locator("[data-testid=bell-count]").inner_text() == "1"
    page.click("[data-testid=bell]")
    assert "XF-2026-000123" in page.locator("nav .dropdown-menu").first.inner_text()

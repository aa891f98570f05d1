from datetime import timedelta

import pytest

from core.dates import local_today
from screening.models import ScreeningPeriod, ScreeningReport
from tests.builders import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_files_a_zero_report_and_the_city_sees_the_unit_on_time(
        page, browser, live_server, clerk, city_officer, t02):
    today = local_today()
    period = ScreeningPeriod.objects.create(
        year=today.year, month=today.month, opens_on=today.replace(day=1),
        due_on=today + timedelta(days=5), locks_on=today + timedelta(days=10))

    log_in(page, "clerk_T01", PASSWORD)
    page.goto(f"{page.base_url}/screening/")
    page.click("[data-testid=zero-report]")
    assert page.locator("[data-testid=zero-statement]").inner_text() == "本月未排查出矛盾纠纷。"
    page.select_option("[data-testid=zero-method]", "visit")
    page.fill("[data-testid=zero-screened-by]", "镇综治办、各村调解委员会")
    page.click("[data-testid=confirm-zero]")
    page.wait_for_url("**/screening/reports/*/")
    assert page.locator("[data-testid=report-status]").inner_text() == "已报送"
    report = ScreeningReport.objects.get()
    assert (report.period, report.zero_report, report.late) == (period, True, False)
    assert (report.method, report.screened_by) == ("visit", "镇综治办、各村调解委员会")

    context = browser.new_context(locale="zh-CN")
    city = context.new_page()
    city.set_default_timeout(10_000)
    city.base_url = live_server.url
    log_in(city, "city", PASSWORD)
    city.wait_for_url(f"{live_server.url}/")
    city.goto(f"{live_server.url}/screening/grid/?year={today.year}")
    cell = city.locator(f"tr[data-unit=T01] td[data-month='{today.month}']")
    assert cell.get_attribute("data-state") == "zero"  # filed on time, nothing found
    assert cell.inner_text().strip() == "零报"
    assert city.locator(f"tr[data-unit=T02] td[data-month='{today.month}']").get_attribute(
        "data-state") == "pending"
    cell.locator("a").click()
    city.wait_for_url(f"**/screening/reports/{report.pk}/")
    context.close()

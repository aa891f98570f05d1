from datetime import timedelta

import pytest
from playwright.sync_api import expect

from core.dates import local_today
from supervision.models import SupervisionOrder
from tests.builders import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def risk_matter(supervisor, t01, leader):
    from stability.services import matter_create
    return matter_create(actor=supervisor, title="东风村征地补偿款分配争议",
                         category="land_demolition", org_unit=t01, risk_level="high",
                         people_involved="三组约40户村民", leader=leader)


def test_supervisor_issues_an_order_and_the_unit_responds(page, supervisor, clerk, t01,
                                                          risk_matter):
    log_in(page, "supervisor", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    page.goto(f"{page.base_url}/supervision/orders/new/")
    page.select_option("#id_target_type", "stability_matter")
    # The matter is named by its own number (MD-…), never its database id.
    page.fill("#id_target_number", risk_matter.number)
    page.select_option("#id_org_unit", "T01")
    page.select_option("#id_level", "listed")
    page.fill("#id_due_on", (local_today() + timedelta(days=10)).isoformat())
    page.fill("#id_instructions", "请于十日内化解并反馈")
    page.click("main button[type=submit]")
    page.wait_for_url("**/supervision/orders/*/")
    number = SupervisionOrder.objects.get().number
    assert number in page.locator("h1").inner_text()

    # Let the lazy bell request finish first, or its reply restores the old session.
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    log_in(page, "clerk_T01", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    # htmx loads the bell after the page; expect() retries until it shows the count.
    expect(page.locator("[data-testid=bell-count]")).to_have_text("1")
    page.goto(f"{page.base_url}/supervision/")
    page.click(f"[data-testid=orders] >> text={number}")
    page.fill("#id_note", "已约见当事人，矛盾已化解")
    page.click("[data-testid=respond]")
    page.wait_for_selector("[data-testid=response]")
    assert "已化解" in page.locator("[data-testid=response]").inner_text()
    assert SupervisionOrder.objects.get().status == "responded"

"""Issue 17, done when: the supervisor's working day in zh-CN (a supervision order
issued from a petition's page, the assessment and its drill-down, assessment.xlsx
and supervision.xlsx downloaded), every page and every cell checked for codes and
English words (tests/browser/journey.py). Two-factor is off in tests
(tests/conftest.py); tests/browser/test_first_login_journey.py walks it."""

from datetime import date, timedelta
from importlib import import_module

import pytest
from playwright.sync_api import expect

from core.jobs import run_job
from petitions.services import petition_accept
from screening.services import screening_period_ensure
from supervision.assessment import assessment_recompute
from supervision.models import AssessmentRule, SupervisionOrder
from tests.browser.journey import check_page, check_workbook, download, sign_in, visit
from tests.builders import PASSWORD, pin_clock, register

DEFAULT_RULES = import_module("supervision.migrations.0003_seed_assessment_rules").DEFAULT_RULES
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = date(2026, 11, 18)


@pytest.fixture
def month(time_machine, clerk, supervisor, t01, t02):
    """18 November: a petition T01 accepted; October's screening report of both
    townships is missing (due in early November), so the assessment has deductions."""
    pin_clock(time_machine, DAY, hour=9)
    petition = register(clerk, t01, received_on=DAY - timedelta(days=20), title="河道污染")
    petition_accept(petition_id=petition.pk, actor=clerk, on=DAY - timedelta(days=19))
    # The migration's weights (a transactional test may have flushed them).
    for code, label, points in DEFAULT_RULES:
        AssessmentRule.objects.get_or_create(code=code, defaults={"label": label,
                                                                  "points": points})
    october, _created = screening_period_ensure(year=2026, month=10)
    assert october.due_on < DAY
    run_job("flag_missing_reports", as_of=DAY)
    assessment_recompute(as_of=DAY, periods=[("month", 10), ("month", 11), ("year", 0)])
    return petition


def test_the_supervisors_working_day(page, month):
    petition = month
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, "supervisor", PASSWORD)

    # From the petition's page: 发督办单, the form filled in but for the instructions.
    visit(page, f"/petitions/{petition.pk}/")
    page.click("[data-testid=issue-order]")
    page.wait_for_url("**/supervision/orders/new/?**")
    check_page(page)
    assert page.input_value("#id_target_number") == petition.number
    assert page.input_value("#id_org_unit") == "T01"
    due = page.input_value("#id_due_on")
    assert date.fromisoformat(due) > DAY
    page.fill("#id_instructions", "请于十个工作日内办结并反馈")
    page.click("main button[type=submit]")
    page.wait_for_url("**/supervision/orders/*/")
    check_page(page)
    order = SupervisionOrder.objects.get()
    assert order.number in page.locator("h1").inner_text()
    assert (order.target_id, order.org_unit.code, order.due_on.isoformat()) == (
        petition.pk, "T01", due)
    visit(page, f"/petitions/{petition.pk}/")
    expect(page.locator("[data-testid=target-orders]")).to_contain_text(order.number)

    # The assessment: the ranking, then one unit's deductions, each naming its record.
    visit(page, "/supervision/assessment/")
    page.fill("#id_month", "10")  # October: the month whose report was due
    page.get_by_role("button", name="查看", exact=True).click()
    page.wait_for_url("**/supervision/assessment/?*month=10*")
    check_page(page)
    row = page.locator("[data-testid=ranking] tr", has_text="城关镇")
    row.get_by_role("link").click()
    page.wait_for_url("**/supervision/assessment/*/")
    check_page(page)
    deductions = page.locator("[data-testid=deductions]")
    expect(deductions).to_contain_text("2026年10月")
    assert deductions.locator("a").count() >= 1

    page.go_back()
    page.wait_for_url("**/supervision/assessment/?*month=10*")
    name, content = download(page, "[data-testid=export]")
    assert name.endswith(".xlsx") and not name.isascii(), name
    sheets = check_workbook(content, record_columns=0)
    assert any("2026年10月" in str(v) for rows in sheets.values() for r in rows for v in r)

    # The orders, exported: each row names its order and its petition by number.
    visit(page, "/supervision/")
    name, content = download(page, "[data-testid=export]")
    assert name.endswith(".xlsx") and not name.isascii(), name
    sheets = check_workbook(content)
    cells = " ".join(str(v) for rows in sheets.values() for r in rows for v in r)
    assert order.number in cells and petition.number in cells

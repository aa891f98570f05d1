"""axe-core on the main pages of each role (issue 19, item 8): no serious or critical
violation. axe is vendored for the tests only (tests/browser/vendor/axe.min.js, npm
axe-core 4.11.0); the pages' CSP would refuse it, so these contexts bypass CSP."""

import json
from pathlib import Path

import pytest
from django.test import Client

from dashboards.selectors import figures_changed
from petitions.models import Petition
from tests.builders import TODAY, dashboard_world, pin_clock

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture(autouse=True)
def _today_and_cold_cache(time_machine):
    # The dashboards' pinned day, with a new cache generation (tests/dashboards).
    figures_changed()
    pin_clock(time_machine, TODAY)


@pytest.fixture
def world(t01, t02, t01_village, d01, leader, city_officer):
    return dashboard_world(t01, t02, t01_village, d01, leader)


def signed_in(browser, live_server, user, **options):
    """A browser context carrying `user`'s session (no login form: it is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="zh-CN", bypass_csp=True, **options)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                          "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
          .map(v => ({id: v.id, impact: v.impact, help: v.help,
                      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: '
                        + (n.failureSummary || '').slice(0, 160))}));
    }""")
    return [json.dumps(v, ensure_ascii=False) for v in result]


def pages_for(role, pk):
    common = ["/", "/petitions/", f"/petitions/{pk}/", "/screening/", "/backlog/",
              "/stability/", "/supervision/"]
    extra = {
        "clerk": ["/petitions/new/", "/screening/reports/new/"],
        "leader": [],
        "city": ["/screening/grid/?year=2026", "/petitions/new/"],
        "supervisor": ["/supervision/assessment/?year=2026&month=10", "/supervision/alerts/",
                       "/supervision/orders/new/"],
    }
    return common + extra[role]


@pytest.mark.parametrize("role", ["clerk", "leader", "city", "supervisor"])
def test_the_main_pages_have_no_serious_accessibility_violations(
        browser, live_server, world, clerk, leader, city_officer, supervisor, role):  # noqa: F811
    user = {"clerk": clerk, "leader": leader, "city": city_officer,
            "supervisor": supervisor}[role]
    pk = Petition.objects.filter(org_unit__code="T01").order_by("pk").first().pk
    context, page = signed_in(browser, live_server, user)
    found = {}
    for path in pages_for(role, pk):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        violations = serious_violations(page)
        if violations:
            found[path] = violations
    context.close()
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


def test_keyboard_users_skip_to_the_content_and_see_where_the_focus_is(
        browser, live_server, clerk):
    context, page = signed_in(browser, live_server, clerk)
    page.goto(live_server.url + "/petitions/")
    page.keyboard.press("Tab")
    skip = page.locator("[data-testid=skip-link]")
    assert page.evaluate("document.activeElement.dataset.testid") == "skip-link"
    assert skip.is_visible() and skip.inner_text() == "跳到正文"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The focus ring on a nav link: a 3 px outline, not Bootstrap's faint shadow.
    page.locator(".app-nav .nav-link").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    assert outline == "3px"
    context.close()


def test_the_bells_name_says_what_it_is_and_its_count(browser, live_server, world, clerk):  # noqa: F811
    from datetime import date

    from supervision.jobs import flag_overdue_orders
    flag_overdue_orders(as_of=date(2026, 11, 18))  # T01's order due 11-10 is overdue
    context, page = signed_in(browser, live_server, clerk)
    page.goto(live_server.url + "/petitions/")
    bell = page.locator("[data-testid=bell]")
    count = page.locator("[data-testid=bell-count]").inner_text()
    name = page.evaluate("""() => { const b = document.querySelector('[data-testid=bell]');
        return b.getAttribute('aria-label') || b.textContent.trim().replace(/\\s+/g, ' '); }""")
    assert bell.get_attribute("aria-label") is None
    assert name == f"预警与通知 {count}"
    context.close()


def test_a_failed_submit_moves_the_focus_to_the_error_summary(browser, live_server, clerk):
    context, page = signed_in(browser, live_server, clerk)
    page.goto(live_server.url + "/petitions/new/")
    page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    summary = page.locator("[data-testid=error-summary]")
    summary.wait_for()
    assert page.evaluate("document.activeElement.dataset.testid") == "error-summary"
    assert summary.inner_text().startswith("请更正以下内容：")
    first = summary.locator("a").first
    first.click()
    assert page.evaluate("document.activeElement.tagName") in ("INPUT", "SELECT", "TEXTAREA")
    context.close()

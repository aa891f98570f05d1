"""The clerk's pages on a 390×844 phone (issue 19, item 6): no horizontal scroll, wide
tables read as cards, the bell visible without opening the menu; and the landing page
does not fetch ECharts until its charts are scrolled to (item 9).
Screenshots under var/screenshots/phone_*.png."""

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboards.selectors import figures_changed
from petitions import services as sv
from screening.models import ScreeningPeriod
from tests.browser.test_accessibility import signed_in
from tests.builders import TODAY, dashboard_world, pin_clock, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1,
         "is_mobile": True, "has_touch": True}


@pytest.fixture(autouse=True)
def _today_and_cold_cache(time_machine):
    # The dashboards' pinned day, with a new cache generation (tests/dashboards).
    figures_changed()
    pin_clock(time_machine, TODAY)


@pytest.fixture
def world(t01, t02, t01_village, d01, leader, city_officer):
    return dashboard_world(t01, t02, t01_village, d01, leader)


def assert_fits(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"phone_{name}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    # A mobile browser widens its layout viewport to content that overflows: the
    # window must stay the phone's 390 px, and the page within it.
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 391 && !e.closest('.table-responsive'))
        .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right)""")
    assert width <= inner <= 390, f"{name}: {width}px wide on a {inner}px screen: {wide}"


def test_the_clerks_pages_fit_a_phone(browser, live_server, world, clerk, t01):  # noqa: F811
    p = register(clerk, t01, received_on=date(2026, 11, 2), title="村道硬化工程拖欠农民工工资问题")
    sv.petition_accept(petition_id=p.pk, actor=clerk, on=date(2026, 11, 3))
    ScreeningPeriod.objects.create(year=2026, month=12, opens_on=date(2026, 11, 18),
                                   due_on=date(2026, 12, 5), locks_on=date(2026, 12, 25))
    context, page = signed_in(browser, live_server, clerk, **PHONE)
    base = live_server.url

    page.goto(base + "/")
    expect(page.locator("[data-testid=todo]")).to_be_visible()
    # Without opening the menu; waited for, as the bell may be mid-swap by its refresh.
    expect(page.locator("[data-testid=bell]")).to_be_visible()
    assert not page.locator("#mainnav").is_visible()
    assert_fits(page, "home")

    page.goto(base + "/petitions/")
    row = page.locator("table.table-cards tbody tr").first
    assert row.bounding_box()["width"] > 300  # a card, not a squeezed row
    assert_fits(page, "petition_list")

    page.goto(base + f"/petitions/{p.pk}/")
    assert_fits(page, "petition_detail")

    page.goto(base + "/petitions/new/")
    assert_fits(page, "petition_form")

    page.goto(base + "/screening/reports/new/?period=" + str(ScreeningPeriod.objects.get(month=11).pk))
    category = page.locator("#id_items-0-category")
    assert category.bounding_box()["width"] > 250  # was 45 px in a 683 px wide table
    assert_fits(page, "screening_items")
    context.close()


def test_the_landing_page_fetches_echarts_only_when_the_charts_are_scrolled_to(
        browser, live_server, world, clerk):  # noqa: F811
    context, page = signed_in(browser, live_server, clerk, **PHONE)
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "echarts" in r.url else None)
    page.goto(live_server.url + "/")
    page.wait_for_load_state("networkidle")
    assert fetched == [] and page.evaluate("typeof window.echarts") == "undefined"
    page.locator("[data-testid=charts]").scroll_into_view_if_needed()
    page.locator("#chart-volume canvas").first.wait_for()
    assert len(fetched) == 1
    context.close()

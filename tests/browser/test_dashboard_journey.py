"""Both dashboards in a real browser: charts drawn, no console errors, screenshots
under var/screenshots/ (dashboard_city.png, dashboard_unit.png, dashboard_print.png)."""

from pathlib import Path

import pytest

from dashboards.selectors import figures_changed
from tests.builders import PASSWORD, TODAY, dashboard_world, log_in, pin_clock

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CHARTS = ["volume", "channel", "category", "overdue", "flags", "backlog", "ranking"]


@pytest.fixture
def world(t01, t02, t01_village, d01, leader, time_machine):
    """The dashboards' hand-made world (tests/builders.py) on its day, with a cold cache."""
    figures_changed()
    pin_clock(time_machine, TODAY)
    return dashboard_world(t01, t02, t01_village, d01, leader)


def watch_console(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"{msg.text} {msg.location.get('url', '')}")
            if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return errors


def assert_charts_drawn(page):
    # ECharts is fetched only when the charts come into view (issue 19, item 9).
    page.locator("[data-testid=charts]").scroll_into_view_if_needed()
    for chart in CHARTS:
        canvas = page.locator(f"#chart-{chart} canvas").first
        canvas.wait_for()
        box = canvas.bounding_box()
        assert box, chart
        assert box["width"] > 100, chart
        assert box["height"] > 100, chart
        # Something was painted: the canvas is not blank.
        painted = page.evaluate(
            """(id) => { const c = document.querySelector('#chart-' + id + ' canvas');
                 const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                 for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) return true; }
                 return false; }""", chart)
        assert painted, chart


def test_the_city_dashboard_draws_its_charts_and_opens_the_list_behind_one(
        page, world, city_officer):
    errors = watch_console(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, "city", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    assert_charts_drawn(page)
    assert page.locator("[data-testid=kpi-overdue]").inner_text() == "4"
    page.screenshot(path=str(SHOTS / "dashboard_city.png"), full_page=True)

    # Printing lays the page out at A4 width without a window resize, so the charts keep
    # their screen size: narrow the page the same way and check they fit their box.
    page.emulate_media(media="print")
    page.evaluate("document.documentElement.style.width = '718px'")
    for chart in CHARTS:  # printed charts fit their half-page box: nothing clipped
        card = page.locator(f"[data-chart={chart}] .card-body").bounding_box()
        canvas = page.locator(f"#chart-{chart} canvas").first.bounding_box()
        assert canvas["x"] + canvas["width"] <= card["x"] + card["width"] + 1, chart
        assert canvas["y"] + canvas["height"] <= card["y"] + card["height"] + 1, chart
    page.evaluate("document.documentElement.style.width = ''")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.screenshot(path=str(SHOTS / "dashboard_print.png"), full_page=True)
    assert not page.locator("[data-testid=dashboard-filter]").is_visible()
    assert not page.locator("footer").is_visible()
    assert not page.locator("nav").is_visible()
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The table view of a chart, and through it the filtered list behind a bar.
    page.click("[data-toggle-table=overdue]")
    table = page.locator("[data-testid=table-overdue]")
    assert table.is_visible()
    assert not page.locator("#chart-overdue").is_visible()
    table.get_by_role("link", name="城关镇").click()
    page.wait_for_url("**/petitions/?step_unit=T01&overdue=true")
    assert errors == []


def test_the_unit_dashboard_shows_the_to_do_list_first(page, world, clerk):
    errors = watch_console(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, "clerk_T01", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    assert page.locator("[data-testid=todo-overdue-count]").inner_text() == "3"
    assert_charts_drawn(page)
    page.screenshot(path=str(SHOTS / "dashboard_unit.png"), full_page=True)
    assert errors == []

"""The unit picker in a browser (issue 19, item 2): type a name, Enter, filter."""

import re

import pytest

from tests.builders import PASSWORD, log_in, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_city_types_a_townships_name_and_filters_by_it(page, city_officer, clerk, outsider,
                                                          t01, t02, t01_village):
    mine = register(clerk, t01, ids=(1,))
    other = register(outsider, t02, ids=(2,))
    log_in(page, "city", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    page.goto(f"{page.base_url}/petitions/")
    search = page.get_by_label("单位：按名称或代码搜索单位", exact=True)
    search.fill("城关")
    # The township and its village stay; the other township is hidden.
    select = page.locator("select[name=org_unit][data-unit-picker]").first
    assert select.locator("option:not([hidden])").all_inner_texts()[1:] == [
        "城关镇（T01）", "\u3000└ 城关东风村（T01V01）"]
    search.fill("城关镇")
    search.press("Enter")
    assert select.input_value() == "T01"
    assert page.evaluate("document.activeElement.name") == "org_unit"  # the keyboard moves on
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"org_unit=T01"))
    body = page.locator("table").first.inner_text()
    assert mine.number in body and other.number not in body

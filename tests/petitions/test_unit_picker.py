"""The unit picker (issue 19, item 2): a name or a code finds the unit and the units
below it; filters and forms list the tree (township, then its villages) with codes."""

import re
from datetime import date

from django.utils.html import strip_tags

from petitions import services as sv
from tests.builders import client_for, make_matter, register


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*data-unit-picker[^>]*>.*?</select>', html,
                       re.S)
    assert select, f"no unit picker named {name}"
    return [strip_tags(o).strip(" \n") for o in re.findall(r"<option.*?</option>", select.group(0),
                                                       re.S)]


def test_typing_the_units_name_or_code_filters_the_petitions(
        client, city_officer, clerk, outsider, t01, t02, t01_village):
    mine = register(clerk, t01, ids=(1,))
    village = register(clerk, t01_village, ids=(2,))
    other = register(outsider, t02, ids=(3,))
    client_for(client, city_officer)
    for typed in ("城关镇", "T01", "t01"):
        html = client.get("/petitions/", {"org_unit": typed}).content.decode()
        assert mine.number in html and village.number in html  # the units below it too
        assert other.number not in html
    html = client.get("/petitions/", {"org_unit": "东风村"}).content.decode()
    assert village.number in html and mine.number not in html
    assert "0 件" in client.get("/petitions/", {"org_unit": "不存在的镇"}).content.decode() or \
        mine.number not in client.get("/petitions/", {"org_unit": "不存在的镇"}).content.decode()


def test_the_list_filter_is_a_tree_of_the_users_units(client, city_officer, clerk, t01, t02,
                                                       t01_village, d01):
    client_for(client, city_officer)
    html = client.get("/petitions/").content.decode()
    options = _options(html, "org_unit")
    assert options[0] == "全部单位"
    assert options.index("城关镇（T01）") + 1 == options.index("\u3000└ 城关东风村（T01V01）")
    assert "东城街道（T02）" in options and "市住建局（D01）" in options
    assert 'src="/static/js/unit-picker.js"' in html
    client_for(client, clerk)
    options = _options(client.get("/petitions/").content.decode(), "org_unit")
    assert options == ["全部单位", "城关镇（T01）", "\u3000└ 城关东风村（T01V01）"]


def test_forms_that_take_a_unit_use_the_picker(client, clerk, city_officer, t01, t01_village):
    client_for(client, clerk)
    html = client.get("/petitions/new/").content.decode()
    assert "\u3000└ 城关东风村（T01V01）" in _options(html, "org_unit")
    p = register(clerk, t01)
    sv.petition_accept(petition_id=p.pk, actor=clerk, on=date(2026, 9, 18))
    client_for(client, city_officer)
    html = client.get("/petitions/").content.decode()
    assert "城关镇（T01）" in _options(html, "org_unit")
    assert re.search(r'<select name="org_unit"[^>]*id="bulk_org_unit"[^>]*data-unit-picker', html) \
        or re.search(r'<select name="org_unit"[^>]*data-unit-picker[^>]*id="bulk_org_unit"', html)


def test_the_stability_register_takes_a_units_name(client, clerk, city_officer, t01, t02,
                                                   leader, outsider):
    make_matter(actor=clerk, unit=t01, leader=leader, title="城关镇的事项")
    for user in (city_officer, clerk):
        client_for(client, user)
        html = client.get("/stability/", {"org_unit": "城关镇"}).content.decode()
        assert "城关镇的事项" in html
        assert "城关镇（T01）" in _options(html, "org_unit")
    client_for(client, outsider)
    html = client.get("/stability/", {"org_unit": "城关镇"}).content.decode()
    assert "城关镇的事项" not in html

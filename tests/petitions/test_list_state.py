"""Column sorting, the list state kept for "返回列表", and 全部/是/否 filters (issue 19, item 3)."""

import re
from datetime import date

from django.utils.html import strip_tags

from tests.builders import client_for, register


def _order(html: str, texts: list[str]) -> list[str]:
    """The given texts in the order the page shows them."""
    return sorted(texts, key=html.index)


def test_the_petition_list_sorts_by_a_column_both_ways_keeping_the_filters(
        client, clerk, city_officer, t01, today):
    a = register(clerk, t01, ids=(1,), title="甲事项", received_on=date(2026, 9, 16))
    b = register(clerk, t01, ids=(2,), title="乙事项", received_on=date(2026, 9, 10))
    c = register(clerk, t01, ids=(3,), title="丙事项", received_on=date(2026, 9, 20),
                 category="other")
    for user in (clerk, city_officer):
        client_for(client, user)
        html = client.get("/petitions/?sort=received_on&category=environment").content.decode()
        assert _order(html, [a.number, b.number]) == [b.number, a.number]
        assert c.number not in html
        # The header link reverses the order and keeps the filter; aria-sort says so.
        assert 'aria-sort="ascending"' in html
        assert 'href="?sort=-received_on&amp;category=environment"' in html or \
            'href="?category=environment&amp;sort=-received_on"' in html
        html = client.get("/petitions/?sort=-received_on").content.decode()
        assert _order(html, [a.number, b.number, c.number]) == [c.number, a.number, b.number]
        html = client.get("/petitions/?sort=number").content.decode()
        assert _order(html, [a.number, b.number, c.number]) == [a.number, b.number, c.number]


def test_an_unknown_sort_key_keeps_the_default_order(client, clerk, t01):
    a = register(clerk, t01, ids=(1,), received_on=date(2026, 9, 10))
    b = register(clerk, t01, ids=(2,), received_on=date(2026, 9, 16))
    client_for(client, clerk)
    for sort in ("content", "-created_by__password", "search_text", "id;drop"):
        r = client.get("/petitions/", {"sort": sort})
        assert r.status_code == 200
        assert _order(r.content.decode(), [a.number, b.number]) == [b.number, a.number]


def test_the_yes_no_filters_read_all_yes_no(today, client, clerk, t01):
    register(clerk, t01, ids=(1,))
    register(clerk, t01, ids=tuple(range(10, 16)), title="集体上访")
    client_for(client, clerk)
    html = client.get("/petitions/").content.decode()
    select = re.search(r'<select name="is_collective".*?</select>', html, re.S).group(0)
    assert [strip_tags(o).strip() for o in re.findall(r"<option.*?</option>", select)] == \
        ["全部", "是", "否"]
    assert "未知" not in html
    html = client.get("/petitions/?is_collective=true").content.decode()
    assert "集体上访" in html and "河道污染" not in html
    assert re.search(r'<option value="true" selected>是</option>', html)
    html = client.get("/petitions/?is_collective=false").content.decode()
    assert "集体上访" not in html and "河道污染" in html


def test_back_to_list_restores_the_list_as_it_was_left(client, clerk, t01):
    p = register(clerk, t01)
    client_for(client, clerk)
    client.get("/petitions/?category=environment&sort=-due&page=1")
    html = client.get(f"/petitions/{p.pk}/").content.decode()
    link = re.search(r'href="([^"]+)" data-testid="back-to-list">返回列表<', html).group(1)
    assert link == "/petitions/?category=environment&amp;sort=-due&amp;page=1"
    # A list never visited: the plain list.
    client.get("/petitions/")
    html = client.get(f"/petitions/{p.pk}/").content.decode()
    assert 'href="/petitions/" data-testid="back-to-list"' in html

"""Each dashboard figure on the hand-made world of conftest.py."""

import json

import pytest
from django.urls import reverse

from tests.builders import TODAY


def charts(response) -> dict:
    body = response.content.decode()
    start = body.index('id="dashboard-charts"')
    start = body.index(">", start) + 1
    data = json.loads(body[start:body.index("</script>", start)])
    return {c["id"]: c for c in data}


def series(chart, index=0) -> dict:
    return dict(zip(chart["categories"], chart["series"][index]["data"], strict=True))


@pytest.fixture
def city_page(client, city_officer, world):
    client.force_login(city_officer)
    return client.get(reverse("home"))


def test_three_overdue_petitions_in_t01_show_as_three(client, city_page):
    overdue = charts(city_page)["overdue"]
    assert series(overdue) == {"城关镇": 3, "东城街道": 1}
    assert city_page.context["figures"]["overdue"]["total"] == 4
    assert 'data-testid="kpi-overdue">4<' in city_page.content.decode()


def test_each_overdue_bar_links_to_a_list_with_the_same_count(client, city_page):
    overdue = charts(city_page)["overdue"]
    t01_link = overdue["links"][overdue["categories"].index("城关镇")]
    # By the unit responsible for the late step (issue 18).
    assert t01_link == "/petitions/?step_unit=T01&overdue=true"
    listed = client.get(t01_link)
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == 3


def test_volume_by_month_compares_this_year_with_last(city_page):
    volume = charts(city_page)["volume"]
    this, last = volume["series"][0], volume["series"][1]
    assert (this["name"], last["name"]) == ("2026", "2025")
    # December has not come yet (TODAY is in November): no point, not a fall to 0.
    assert this["data"] == [2, 0, 2, 0, 2, 0, 0, 0, 0, 0, 2, None]
    assert last["data"] == [0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    assert volume["links"][2] == "/petitions/?received_from=2026-03-01&received_to=2026-03-31"


def test_channel_and_category_count_the_date_range(client, city_officer, world):
    client.force_login(city_officer)
    page = client.get(reverse("home"), {"from": "2026-03-01", "to": "2026-06-30"})
    by_channel = charts(page)["channel"]
    counts = dict(zip(by_channel["links"], by_channel["series"][0]["data"], strict=True))
    span = "&received_from=2026-03-01&received_to=2026-06-30"
    assert counts[f"/petitions/?channel=visit{span}"] == 3
    assert counts[f"/petitions/?channel=letter{span}"] == 1
    assert counts[f"/petitions/?channel=online{span}"] == 0  # January's is out of range
    listed = client.get(f"/petitions/?channel=visit{span}")
    assert listed.context["page"].paginator.count == 3
    by_category = charts(page)["category"]
    assert sum(by_category["series"][0]["data"]) == 4
    assert by_category["series"][0]["data"][:2] == [3, 1]  # environment, then labour


def test_level_skipping_and_collective_by_month(city_page):
    flags = charts(city_page)["flags"]
    assert flags["series"][0]["data"] == [0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, None]
    assert flags["series"][1]["data"] == [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, None]
    assert flags["links"][2].endswith("is_level_skipping=true")


def test_backlog_stock_increment_and_resolution_rate(city_page):
    backlog = city_page.context["figures"]["backlog"]
    # 3 cases assigned this year, 1 verified: stock 2; 2 of 3 resolved or verified.
    assert (backlog["stock"], backlog["increment"], backlog["resolution_rate"]) == (2, 3, 66.7)
    kpi = city_page.content.decode().split('data-testid="kpi-backlog">')[1].split("</div>")[0]
    assert "存量</span> 2 · " in kpi and "期内新增</span> 3 · " in kpi
    assert "化解率</span> 66.7%" in kpi


def test_screening_completeness_of_the_year(city_page):
    screening = city_page.context["figures"]["screening"]
    # T01, T02 and D01 report; 11 months are due; T01 filed 10 on time.
    assert screening["reporting_rate"] == 30.3
    rows = {r["code"]: r for r in screening["rows"]}
    assert rows["T01"]["states"][:11] == ["zero"] * 10 + ["missing"]
    assert rows["T02"]["states"][0] == "missing"


def test_open_and_overdue_supervision_orders(city_page):
    assert city_page.context["figures"]["supervision"] == {"open": 2, "overdue": 1}
    body = city_page.content.decode()
    assert 'data-testid="kpi-orders-open">2<' in body
    assert 'data-testid="kpi-orders-overdue">1<' in body


def test_assessment_ranking_is_the_latest_month(city_page):
    ranking = charts(city_page)["ranking"]
    assert series(ranking) == {"东城街道": 98.0, "城关镇": 91.5}
    assert ranking["links"][0] == "/supervision/assessment/?year=2026&month=10"


def test_every_chart_has_a_table_view(city_page):
    body = city_page.content.decode()
    for chart in charts(city_page):
        assert f'data-toggle-table="{chart}"' in body
        assert f'data-testid="table-{chart}"' in body
    assert '<a href="/petitions/?step_unit=T01&amp;overdue=true">城关镇</a></th><td class="text-end">3</td>' in body


def test_the_unit_filter_narrows_every_figure(client, city_officer, world):
    client.force_login(city_officer)
    page = client.get(reverse("home"), {"unit": "T02"})
    figures = page.context["figures"]
    assert figures["overdue"]["total"] == 1
    assert figures["supervision"] == {"open": 0, "overdue": 0}
    assert figures["backlog"]["stock"] == 0
    assert [r["code"] for r in figures["assessment"]["rows"]] == ["T02"]
    assert "org_unit=T02" in charts(page)["channel"]["links"][0]


def test_the_city_sees_no_to_do_list(city_page):
    assert 'data-testid="todo"' not in city_page.content.decode()
    assert TODAY.year == city_page.context["figures"]["volume"]["year"]


def test_the_volume_card_says_which_figure_is_last_year(city_page):
    html = city_page.content.decode()
    assert 'data-testid="kpi-volume">8<' in html
    assert "2025年全年：3" in html


def test_without_last_years_records_there_is_no_empty_comparison_line(client, supervisor, t02):
    from datetime import date

    from tests.builders import petition_row
    petition_row(t02, received_on=date(2026, 3, 5))
    client.force_login(supervisor)
    volume = charts(client.get(reverse("home"), {"unit": "T02"}))["volume"]
    assert [s["name"] for s in volume["series"]] == ["2026"]


def test_an_empty_chart_says_no_data_instead_of_a_bare_axis(client, city_officer):
    client.force_login(city_officer)
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-empty="暂无数据"' in html
    with open("static/js/dashboard.js", encoding="utf-8") as script:
        assert 'getAttribute("data-empty")' in script.read()


def test_beijing_and_level_skipping_are_counts_the_list_behind_them_is_the_citys(
        client, world, city_officer, leader):
    from tests.builders import client_for

    city = client_for(client, city_officer).get("/")
    kpi = city.content.decode().split('data-testid="kpi-above">')[1].split("</div>")[0]
    assert "level=national" in kpi and ">0</a>" in kpi  # no 进京 petition in the world
    assert "越级</span> <a href=" in kpi and "is_level_skipping=true" in kpi and ">2</a>" in kpi
    unit = client_for(client, leader).get("/")
    kpi = unit.content.decode().split('data-testid="kpi-above">')[1].split("</div>")[0]
    assert "<a " not in kpi and "越级</span> 1" in kpi  # T01's one, no link to the list
    flags = charts(unit)["flags"]
    assert not any("is_level_skipping" in link for link in flags["links"])

"""A risk matter's own number MD-YYYY-NNNNNN wherever a person meets it (issue 18)."""

import io

from openpyxl import load_workbook

from core.references import resolve_ref
from tests.builders import client_for, make_matter

URL = "/api/v1/stability/matters/"


def test_list_and_detail_show_the_number_not_the_id(client, clerk, city_officer, matter):
    assert matter.number.startswith("MD-")
    for user in (clerk, city_officer):
        client_for(client, user)
        html = client.get("/stability/").content.decode()
        assert f'data-testid="matter-number">{matter.number}</a>' in html
        html = client.get(f"/stability/{matter.pk}/").content.decode()
        assert f"#{matter.pk}<" not in html
        assert matter.number in html.split("</title>")[0]
        assert f'data-testid="number">{matter.number}</span>' in html


def test_the_reference_reads_the_number(matter):
    assert resolve_ref("stability_matter", matter.pk).text == f"风险事项 {matter.number}"


def test_the_export_shows_the_number_not_a_row_index(client, clerk, t01, leader, matter):
    second = make_matter(actor=clerk, unit=t01, leader=leader, title="第二件")
    client_for(client, clerk)
    response = client.get("/exports/stability.xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content)))
                .worksheets[0].values)
    assert rows[0][0] == "序号"
    assert sorted(r[0] for r in rows[1:]) == sorted([matter.number, second.number])


def test_the_api_number_filter_and_search_are_scoped(api, clerk, outsider, t01, leader,
                                                     matter):
    other = make_matter(actor=clerk, unit=t01, leader=leader, title="另一事项")
    api.force_authenticate(clerk)
    assert api.get(f"{URL}{matter.pk}/").json()["number"] == matter.number
    found = api.get(URL, {"number": other.number.lower()}).json()["results"]
    assert [m["number"] for m in found] == [other.number]
    found = api.get(URL, {"q": matter.number}).json()["results"]
    assert [m["number"] for m in found] == [matter.number]
    api.force_authenticate(outsider)
    assert api.get(URL, {"number": matter.number}).json()["results"] == []
    assert api.get(f"{URL}{matter.pk}/").status_code == 404

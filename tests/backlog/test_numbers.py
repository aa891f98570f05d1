"""A backlog case's own number JA-YYYY-NNNNNN wherever a person meets it (issue 18)."""

import io

from openpyxl import load_workbook

from core.references import resolve_ref
from tests.builders import client_for, make_case

URL = "/api/v1/backlog/cases/"


def test_list_and_detail_show_the_number_not_the_id(client, city_officer, clerk, case):
    assert case.number.startswith("JA-2026-")
    for user in (city_officer, clerk):
        client_for(client, user)
        html = client.get("/backlog/").content.decode()
        assert f'data-testid="case-number">{case.number}</a>' in html
        html = client.get(f"/backlog/{case.pk}/").content.decode()
        assert f"<title>{case.number}" in html.replace("\n", "").replace("  ", "")
        assert f'data-testid="number">{case.number}</span>' in html


def test_the_list_searches_by_a_fragment_of_the_number(client, city_officer, case, campaign,
                                                       t01, leader):
    other = make_case(city_officer, campaign, t01, leader, title="另一积案")
    client_for(client, city_officer)
    html = client.get("/backlog/", {"q": other.number[-4:]}).content.decode()
    assert other.number in html and case.number not in html


def test_the_reference_reads_the_number_for_alerts_and_the_bell(case):
    assert resolve_ref("backlog_case", case.pk).text == f"积案 {case.number}"


def test_an_assessment_deduction_names_the_case_by_its_number(case):
    from supervision.references import reference_texts

    assert reference_texts([f"backlog_case:{case.pk}"]) == {
        f"backlog_case:{case.pk}": f"积案 {case.number}"}


def test_the_export_shows_the_number_in_its_first_column(client, city_officer, case):
    client_for(client, city_officer)
    response = client.get("/exports/backlog.xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content)))
                .worksheets[0].values)
    assert rows[0][0] == "编号"
    assert rows[1][0] == case.number


def test_the_api_has_a_read_only_number_and_a_number_filter(api, city_officer, outsider, case,
                                                            campaign, t01, leader):
    other = make_case(city_officer, campaign, t01, leader, title="另一积案")
    api.force_authenticate(city_officer)
    body = api.get(f"{URL}{case.pk}/").json()
    assert body["number"] == case.number
    found = api.get(URL, {"number": other.number[-6:]}).json()["results"]
    assert [c["number"] for c in found] == [other.number]
    # A clerk of another township does not find T01's case by its number.
    api.force_authenticate(outsider)
    assert api.get(URL, {"number": case.number}).json()["results"] == []
    assert api.get(URL, {"q": case.number}).json()["results"] == []

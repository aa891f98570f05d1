"""Every list links its export with its filters; the export holds what the list shows."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.builders import TODAY, petition_row


def workbook_rows(response) -> list[tuple]:
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert int(response["X-Row-Count"]) == len(rows) - 1
    return rows[1:]


def export_link(body: str) -> str:
    start = body.index('data-testid="export"')
    tag_start = body.rindex("<a", 0, start)
    href = body[tag_start:].split('href="', 1)[1].split('"', 1)[0]
    return href.replace("&amp;", "&")


PETITION_FILTERS = [{}, {"org_unit": "T01"}, {"overdue": "true"}, {"channel": "visit"},
                    {"is_level_skipping": "true"}, {"received_from": "2026-03-01",
                                                   "received_to": "2026-06-30"},
                    {"q": "HYPERLINK"}]


@pytest.mark.parametrize("filters", PETITION_FILTERS)
@pytest.mark.parametrize("persona", ["city_officer", "clerk"])
def test_the_petition_export_holds_what_the_list_shows(client, request, world, persona,
                                                       filters):
    client.force_login(request.getfixturevalue(persona))
    listed = client.get(reverse("petitions:list"), filters)
    if persona == "clerk" and "is_level_skipping" in filters:
        # The 越级 list and its export are the city's (issue 20, item 10).
        assert listed.status_code == 403
        assert client.get("/exports/petitions.xlsx", filters).status_code == 403
        return
    link = export_link(listed.content.decode())
    for key, value in filters.items():
        assert f"{key}={value}" in link
    rows = workbook_rows(client.get(link))
    assert len(rows) == listed.context["page"].paginator.count
    assert sorted(r[0] for r in rows) == sorted(p.number for p in listed.context["page"])


def test_a_clerks_petition_export_holds_only_the_clerks_units(client, clerk, world):
    client.force_login(clerk)
    rows = workbook_rows(client.get("/exports/petitions.xlsx"))
    assert len(rows) == 9  # T01 (8) and its village (1); none of T02's 2
    assert {r[3] for r in rows} == {"城关镇", "城关东风村"}


@pytest.mark.parametrize("title", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "=HYPERLINK(1)"])
def test_formula_like_titles_are_exported_as_text(client, city_officer, t01, title):
    petition_row(t01, received_on=TODAY, title=title)
    client.force_login(city_officer)
    response = client.get("/exports/petitions.xlsx")
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    cell = sheet.cell(row=2, column=7)
    assert cell.value == title
    assert cell.data_type == "s"
    assert cell.quotePrefix


@pytest.mark.parametrize("filters", [{}, {"org_unit": "T01"}, {"status": "resolved"},
                                     {"overdue": "true"}])
@pytest.mark.parametrize("persona", ["city_officer", "clerk", "outsider"])
def test_the_backlog_export_holds_what_the_list_shows(client, request, world, persona, filters):
    client.force_login(request.getfixturevalue(persona))
    listed = client.get(reverse("backlog:index"), filters)
    link = export_link(listed.content.decode())
    rows = workbook_rows(client.get(link))
    assert len(rows) == listed.context["page"].paginator.count


@pytest.mark.parametrize("filters", [{}, {"status": "open"}, {"view": "overdue"},
                                     {"org_unit": "T01"}])
@pytest.mark.parametrize("persona", ["city_officer", "clerk", "outsider"])
def test_the_supervision_export_holds_what_the_list_shows(client, request, world, persona,
                                                          filters):
    client.force_login(request.getfixturevalue(persona))
    listed = client.get(reverse("supervision:index"), filters)
    link = export_link(listed.content.decode())
    rows = workbook_rows(client.get(link))
    assert len(rows) == listed.context["page"].paginator.count


@pytest.mark.parametrize("persona", ["city_officer", "clerk"])
def test_the_assessment_export_holds_what_the_ranking_shows(client, request, world, persona):
    client.force_login(request.getfixturevalue(persona))
    listed = client.get(reverse("supervision:assessment"), {"year": 2026, "month": 10})
    link = export_link(listed.content.decode())
    rows = workbook_rows(client.get(link))
    assert len(rows) == len(listed.context["scores"]) == (2 if persona == "city_officer" else 1)


@pytest.mark.parametrize("persona", ["city_officer", "clerk"])
def test_the_screening_export_holds_what_the_grid_shows(client, request, world, persona):
    client.force_login(request.getfixturevalue(persona))
    listed = client.get(reverse("screening:grid"), {"year": 2026})
    link = export_link(listed.content.decode())
    assert "year=2026" in link
    rows = workbook_rows(client.get(link))
    *units, total = rows  # one row a unit, then the totals row the grid shows too
    assert [r[0] for r in units] == [r["unit"].code for r in listed.context["rows"]]
    assert len(units) == (3 if persona == "city_officer" else 1)
    assert total[0] is None
    assert total[1] == "全部单位"


@pytest.mark.parametrize("name", ["screening:index"])
@pytest.mark.parametrize("persona", ["city_officer", "clerk"])
def test_the_screening_pages_link_the_export(client, request, world, persona, name):
    client.force_login(request.getfixturevalue(persona))
    body = client.get(reverse(name)).content.decode()
    assert "/exports/screening-completeness.xlsx?year=2026" in export_link(body)

"""Orders about backlog cases (JA-…) and risk matters (MD-…) by their own numbers
(issue 18): the API, the form's record search, and the lists and exports."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from backlog import services as bsv
from supervision import services
from tests.builders import client_for

ORDERS = "/api/v1/supervision/orders/"
TODAY = date(2026, 9, 28)


@pytest.fixture
def backlog_case(city_officer, t01, leader):
    campaign = bsv.campaign_create(actor=city_officer, name="积案化解年", year=2026,
                                   starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    return bsv.case_create(actor=city_officer, campaign=campaign, title="老街拆迁补偿遗留问题",
                           org_unit=t01, leader=leader, due_on=date(2026, 12, 31),
                           assigned_on=date(2026, 9, 1))


def issue(actor, unit, **over):
    args = {"actor": actor, "org_unit": unit, "level": "key", "due_on": date(2026, 10, 12),
            "instructions": "请于期限内反馈", "today": TODAY}
    args.update(over)
    return services.order_create(**args)


@pytest.mark.parametrize("kind", ["backlog_case", "stability_matter"])
def test_the_api_issues_by_ja_and_md_numbers_and_answers_with_both(
        today, api, supervisor, t01, backlog_case, risk_matter, kind, time_machine):
    # `today` first: the case and the matter are numbered in 2026, the pinned year.
    time_machine.move_to("2026-09-28 10:00 +08:00", tick=False)
    target = backlog_case if kind == "backlog_case" else risk_matter
    assert target.number.startswith("JA-2026-" if kind == "backlog_case" else "MD-2026-")
    api.force_authenticate(supervisor)
    response = api.post(ORDERS, {"target_type": kind, "target_number": target.number.lower(),
                                 "org_unit": "T01", "level": "key", "due_on": "2026-10-12",
                                 "instructions": "请反馈"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["target_id"] == target.pk and body["target_number"] == target.number
    listed = api.get(ORDERS).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["target_number"] for r in rows] == [target.number]


def test_a_number_of_another_kind_is_refused_with_words(supervisor, t01, backlog_case):
    with pytest.raises(ValidationError) as e:
        issue(supervisor, t01, target_type="stability_matter", target_number=backlog_case.number)
    assert backlog_case.number in " ".join(e.value.message_dict["target_number"])


def test_an_unknown_ja_number_is_refused(supervisor, t01, backlog_case):
    with pytest.raises(ValidationError) as e:
        issue(supervisor, t01, target_type="backlog_case", target_number="JA-2026-999999")
    assert "target_number" in e.value.message_dict


def test_the_record_search_finds_cases_and_matters_by_number_within_scope(
        client, supervisor, outsider, clerk, backlog_case, risk_matter):
    client_for(client, supervisor)
    found = client.get("/supervision/orders/targets/", {"q": "JA-2026"}).json()["results"]
    assert [(r["number"], r["target_type"]) for r in found] == [
        (backlog_case.number, "backlog_case")]
    found = client.get("/supervision/orders/targets/", {"q": risk_matter.number}).json()
    assert [r["number"] for r in found["results"]] == [risk_matter.number]
    client_for(client, outsider)  # T02's clerk cannot find T01's records by number
    for number in (backlog_case.number, risk_matter.number):
        assert client.get("/supervision/orders/targets/", {"q": number}).json()["results"] == []
    client_for(client, clerk)
    assert client.get("/supervision/orders/targets/",
                      {"q": backlog_case.number}).json()["results"][0]["org_unit"] == "T01"


def test_order_list_detail_and_export_show_the_targets_number(
        client, supervisor, t01, backlog_case, risk_matter, time_machine):
    time_machine.move_to("2026-09-28 10:00 +08:00", tick=False)
    a = issue(supervisor, t01, target_type="backlog_case", target_number=backlog_case.number)
    b = issue(supervisor, t01, target_type="stability_matter", target_id=risk_matter.pk)
    client_for(client, supervisor)
    html = client.get("/supervision/").content.decode()
    assert backlog_case.number in html and risk_matter.number in html
    html = client.get(f"/supervision/orders/{a.pk}/").content.decode()
    assert backlog_case.number in html
    html = client.get(f"/supervision/orders/{b.pk}/").content.decode()
    assert risk_matter.number in html
    response = client.get("/exports/supervision.xlsx")
    cells = [c for row in load_workbook(io.BytesIO(b"".join(response.streaming_content)))
             .worksheets[0].values for c in row if isinstance(c, str)]
    assert any(c.startswith(backlog_case.number) for c in cells)
    assert any(c.startswith(risk_matter.number) for c in cells)

"""Request-size bounds on the JSON API (issue 16, item 3)."""

import json

import pytest

from petitions.models import Petition
from screening.models import ScreeningReport
from tests.builders import id_number, register
from tests.core.test_hostile_text import BODY
from tests.screening.test_api import ITEM, REPORTS


@pytest.fixture(autouse=True)
def _registrations_on_the_pinned_day(today):
    """BODY is received on 2026-09-16: register it on a pinned day, not the real one."""


def test_a_body_over_the_limit_is_refused_before_it_is_parsed(api, clerk, t01, settings):
    settings.API_MAX_BODY_BYTES = 10_000
    api.force_authenticate(clerk)
    body = json.dumps({**BODY, "content": "排" * 20_000})
    response = api.post("/api/v1/petitions/", body, content_type="application/json")
    assert response.status_code == 413
    assert not Petition.objects.exists()


def test_content_is_bounded_to_twenty_thousand_characters(api, clerk, t01):
    api.force_authenticate(clerk)
    response = api.post("/api/v1/petitions/", {**BODY, "content": "排" * 20_001}, format="json")
    assert response.status_code == 400
    assert "content" in response.json()
    response = api.post("/api/v1/petitions/", {**BODY, "content": "排" * 20_000}, format="json")
    assert response.status_code == 201


def test_a_petition_has_at_most_twenty_petitioners(api, clerk, t01):
    api.force_authenticate(clerk)
    people = [{"name": f"张{i}", "id_number": id_number(i), "phone": "", "address": ""}
              for i in range(1, 22)]
    response = api.post("/api/v1/petitions/", {**BODY, "headcount": 21,
                                                "petitioners": people}, format="json")
    assert response.status_code == 400
    assert "petitioners" in response.json()
    assert not Petition.objects.exists()


def test_a_screening_report_has_at_most_fifty_items(api, clerk, t01, this_month):  # noqa: F811
    api.force_authenticate(clerk)
    response = api.post(REPORTS, {"period": this_month.pk, "org_unit": "T01",
                                  "zero_report": False, "items": [ITEM] * 51}, format="json")
    assert response.status_code == 400
    assert not ScreeningReport.objects.exists()


def test_the_list_leaves_out_the_content_and_the_detail_has_it(api, clerk, t01):
    petition = register(clerk, t01)
    api.force_authenticate(clerk)
    row = api.get("/api/v1/petitions/").json()["results"][0]
    assert "content" not in row and row["number"] == petition.number
    assert api.get(f"/api/v1/petitions/{petition.pk}/").json()["content"] == petition.content

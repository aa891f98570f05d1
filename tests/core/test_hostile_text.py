"""Control characters are refused at every text input (issue 16, item 1).

One \\x01 in a title once broke every city-wide export; each input path now
refuses them with a clear message and saves nothing.
"""

import json

import pytest

from backlog.models import BacklogCase
from core.text import has_control_characters, strip_control_characters
from petitions.models import Petition
from tests.builders import client_for, id_number


@pytest.fixture(autouse=True)
def _registrations_on_the_pinned_day(today):
    """BODY is received on 2026-09-16: register it on a pinned day, not the real one."""

BODY = {"channel": "visit", "received_on": "2026-09-16", "org_unit": "T01",
        "category": "environment", "title": "河道污染", "content": "工厂排污",
        "headcount": 1, "level": "local",
        "petitioners": [{"name": "张三", "id_number": id_number(1), "phone": "",
                         "address": ""}]}


@pytest.mark.parametrize("bad", ["\x00", "\x01", "\x0b", "\x1f", "\x7f", "\ud800"])
def test_the_checker_finds_each_control_character(bad):
    assert has_control_characters(f"a{bad}b")
    assert strip_control_characters(f"a{bad}b") == "ab"


def test_tab_and_newlines_are_text():
    assert not has_control_characters("第一行\n第二行\r\n\t缩进")


@pytest.mark.parametrize("field, value", [("title", "河道\x01污染"), ("content", "排\x0b污"),
                                          ("title", "\ud800")])
def test_the_api_refuses_a_petition_with_a_control_character(api, clerk, t01, field, value):
    api.force_authenticate(clerk)
    # As a client sends it: a lone surrogate travels as the escape \\ud800.
    response = api.post("/api/v1/petitions/", json.dumps({**BODY, field: value}),
                        content_type="application/json")
    assert response.status_code == 400
    assert "控制字符" in str(response.json()[field])
    assert not Petition.objects.exists()


def test_the_api_refuses_a_control_character_in_a_nested_petitioner(api, clerk, t01):
    api.force_authenticate(clerk)
    people = [{**BODY["petitioners"][0], "name": "张\x01三"}]
    response = api.post("/api/v1/petitions/", {**BODY, "petitioners": people}, format="json")
    assert response.status_code == 400
    assert not Petition.objects.exists()


def test_a_form_refuses_a_backlog_plan_with_a_control_character(client, leader, case):  # noqa: F811
    client_for(client, leader)
    response = client.post(f"/backlog/{case.pk}/submit_plan/", {"plan": "约谈\x0b当事人"})
    assert response.status_code == 200
    assert "控制字符" in response.content.decode()
    case = BacklogCase.objects.get(pk=case.pk)
    assert case.status == "assigned" and case.plan == ""


def test_api_and_the_public_lookup_are_never_cached(api, clerk, client):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=clerk).key
    response = api.get("/api/v1/petitions/", HTTP_AUTHORIZATION=f"Token {token}")
    assert "no-store" in response["Cache-Control"]
    assert "no-store" in client.post("/petitions/track/", {"number": "XF-2026-000001",
                                                            "id_tail": "1234"})["Cache-Control"]

"""The line we do not cross (domain.md): the register stores and shows no one's whereabouts."""

import re

import pytest
from django.apps import apps

from stability import services
from tests.builders import client_for, days_ago

pytestmark = pytest.mark.django_db

FORBIDDEN_FIELD = re.compile(
    r"location|address|where|movement|travel|trip|route|destination|gps|latitude|longitude"
    r"|coordinates|position|track|whereabout|checkin|check_in|seen_at|depart|arriv|journey"
    r"|station|ticket|flight|train|hotel|geo|place",
    re.IGNORECASE,
)
FORBIDDEN_WORDS_EN = ["location", "whereabouts", "movement", "travel", "itinerary", "GPS",
                      "address"]
FORBIDDEN_WORDS_ZH = ["位置", "行踪", "去向", "出行", "轨迹", "定位", "住址", "动向", "赴京",
                      "进京", "在控", "稳控", "盯控"]


def test_no_model_of_the_register_has_a_location_or_travel_field():
    names = []
    for model in apps.get_app_config("stability").get_models():
        for field in model._meta.get_fields():
            names += [field.name, str(getattr(field, "verbose_name", ""))]
    offending = [name for name in names if FORBIDDEN_FIELD.search(name)]
    assert offending == []
    assert {"title", "people_involved", "summary", "outcome"} <= set(names)


def test_no_page_or_api_answer_of_the_register_shows_whereabouts(client, api, matter, leader):
    services.matter_log_contact(matter_id=matter.pk, actor=leader, on=days_ago(1),
                                summary="座谈", outcome="协商", next_step="回访")
    client_for(client, leader)
    api.force_authenticate(leader)
    texts = []
    for language in ("zh-hans", "en"):
        client.cookies["django_language"] = language
        for url in ("/stability/", "/stability/city/", f"/stability/{matter.pk}/",
                    "/stability/new/"):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200
            # The page's own content, not the shared footer and navigation.
            texts.append(response.content.decode().split('id="main"')[1].split("</main>")[0])
    texts.append(api.get(f"/api/v1/stability/matters/{matter.pk}/").content.decode())
    texts.append(api.get("/api/v1/stability/matters/").content.decode())
    page = "\n".join(texts)
    for word in FORBIDDEN_WORDS_EN:
        assert word.lower() not in page.lower(), word
    for word in FORBIDDEN_WORDS_ZH:
        assert word not in page, word


def test_the_schema_for_the_register_has_no_location_field(api, leader):
    api.force_authenticate(leader)
    schema = api.get("/api/schema/?format=json").json()
    matter_schemas = {name: body for name, body in schema["components"]["schemas"].items()
                      if "Matter" in name or "Contact" in name}
    assert matter_schemas
    for name, body in matter_schemas.items():
        for field in body.get("properties", {}):
            assert not FORBIDDEN_FIELD.search(field), (name, field)

"""A township's matter registered at city level: the township is told and sees the
petition (issue 20, item 7). About the matter, never about where a person went."""

import pytest
from django.core.exceptions import ValidationError

from alerts.models import Notification
from tests.builders import client_for, register
from tests.petitions.test_api import URL, payload


def test_the_township_is_told_and_sees_the_petition(client, city_officer, city, t01, clerk,
                                                    outsider):
    p = register(city_officer, city, ids=(7,), matter_unit=t01)
    note = Notification.objects.get(org_unit=t01, kind="surfaced")
    assert note.text == f"贵单位辖区事项已在市级登记：信访事项 {p.number}"
    assert note.link == f"/petitions/{p.pk}/"
    assert not Notification.objects.filter(kind="surfaced").exclude(org_unit=t01).exists()
    c = client_for(client, clerk)
    assert p.number in c.get("/petitions/").content.decode()
    page = c.get(f"/petitions/{p.pk}/").content.decode()
    assert 'data-testid="matter-unit"' in page and "城关镇" in page
    # Seen, not handled: the city decides and assigns.
    assert f"/petitions/{p.pk}/act/accept/" not in page
    assert c.post(f"/petitions/{p.pk}/act/accept/", {"on": "2026-09-17"}).status_code == 403
    assert client_for(client, outsider).get(f"/petitions/{p.pk}/").status_code == 404


def test_only_a_city_level_registration_names_a_township(city_officer, city, d01, t01,
                                                         t01_village, clerk):
    with pytest.raises(ValidationError) as exc:
        register(clerk, t01, matter_unit=t01)  # the township's own registration
    assert "matter_unit" in exc.value.message_dict
    with pytest.raises(ValidationError):
        register(city_officer, city, matter_unit=t01_village)  # a township, not a village
    with pytest.raises(ValidationError):
        register(city_officer, city, matter_unit=d01)
    register(city_officer, d01, ids=(8,), matter_unit=t01)  # a city department may
    assert Notification.objects.filter(org_unit=t01, kind="surfaced").count() == 1
    register(city_officer, city, ids=(9,))  # no township named: nobody is told
    assert Notification.objects.filter(kind="surfaced").count() == 1


def test_the_api_takes_the_township_of_the_matter(api, city_officer, city, t01, december):
    api.force_authenticate(city_officer)
    r = api.post(URL, payload(org_unit="C00", matter_unit="T01"), format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["matter_unit"] == "T01"
    assert Notification.objects.filter(org_unit=t01, kind="surfaced").exists()
    r = api.post(URL, payload(org_unit="C00", matter_unit="D99"), format="json")
    assert r.status_code == 400

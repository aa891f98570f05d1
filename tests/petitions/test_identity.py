"""Identity and scoping (issue 15: items 2, 3, 8, 11): repeat links, shared
petitioners, personal data by role, the reveal's audit row."""

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEntry
from petitions import services as sv
from petitions.models import Petitioner
from tests.builders import id_number, register


@pytest.fixture(autouse=True)
def _registrations_in_december(december):
    """The registrations post fixed 2026 dates: post them on a pinned day."""


@pytest.fixture
def theirs(outsider, t02):
    """T02's petition of person 1, registered first."""
    return register(outsider, t02, ids=(1,))


@pytest.fixture
def ours(clerk, t01, theirs):
    """T01's later petition of the same person on the same matter: a repeat of T02's."""
    return register(clerk, t01, ids=(1,), received_on=theirs.received_on)


# ------------------------------------------------------------ 2. repeat links

def test_repeat_detection_stays_city_wide(ours, theirs):
    assert ours.is_repeat and ours.repeat_of == theirs


def test_the_api_hides_a_repeat_link_outside_the_scope(api, clerk, ours, theirs):
    api.force_authenticate(clerk)
    for body in (api.get(f"/api/v1/petitions/{ours.pk}/").json(),
                 api.get("/api/v1/petitions/").json()["results"][0]):
        assert body["is_repeat"] and body["repeat_elsewhere"]
        assert body["repeat_of"] is None and body["repeat_of_number"] is None
        assert theirs.number not in str(body)


def test_the_city_sees_the_repeat_link_in_full(api, city_officer, ours, theirs):
    api.force_authenticate(city_officer)
    body = api.get(f"/api/v1/petitions/{ours.pk}/").json()
    assert body["repeat_of"] == theirs.pk and body["repeat_of_number"] == theirs.number
    assert body["repeat_elsewhere"] is False


def test_the_page_says_only_that_the_person_petitioned_elsewhere(client, clerk, ours, theirs):
    client.force_login(clerk)
    html = client.get(f"/petitions/{ours.pk}/").content.decode()
    assert "此人在其他单位有过信访" in html
    assert theirs.number not in html and f"/petitions/{theirs.pk}/" not in html


def test_the_page_links_the_earlier_petition_for_the_city(client, city_officer, ours, theirs):
    client.force_login(city_officer)
    html = client.get(f"/petitions/{ours.pk}/").content.decode()
    assert theirs.number in html and "此人在其他单位有过信访" not in html


def test_the_registration_message_names_no_other_units_number(client, clerk, theirs, t01):
    client.force_login(clerk)
    response = client.post("/petitions/new/", {
        "channel": "visit", "received_on": theirs.received_on.isoformat(), "org_unit": "T01",
        "category": "environment", "level": "local", "headcount": 1, "title": "又来了",
        "content": "同一件事。", "p-TOTAL_FORMS": 1, "p-INITIAL_FORMS": 0, "p-MIN_NUM_FORMS": 1,
        "p-MAX_NUM_FORMS": 20, "p-0-name": "张1", "p-0-id_number": id_number(1),
        "p-0-phone": "", "p-0-address": ""}, follow=True)
    html = response.content.decode()
    assert "此人在其他单位有过信访" in html and theirs.number not in html


def test_the_track_page_does_not_open_the_other_units_petition(client, ours, theirs):
    # The clerk of T01 knows the person's ID number; the track page asks for
    # T02's query code, which only T02's receipt carries.
    html = client.post("/petitions/track/", {"number": theirs.number,
                                             "query_code": ours.query_code}).content.decode()
    assert theirs.title not in html or 'data-testid="track-result"' not in html


# ------------------------------------------------------------ 3. shared petitioners

def _register_as(actor, unit, *, name, phone, address):
    from datetime import date

    return sv.petition_register(
        actor=actor, channel="visit", received_on=date(2026, 9, 16), org_unit=unit,
        category="labor_social_security", title="欠薪", content="工资未发。", headcount=1,
        level="local", petitioners=[{"name": name, "id_number": id_number(3), "phone": phone,
                                     "address": address}])


def test_registration_never_changes_an_existing_persons_record(clerk, outsider, t01, t02):
    _register_as(outsider, t02, name="王五", phone="13900000002", address="东城街道 8 号")
    _register_as(clerk, t01, name="李四", phone="13700000001", address="城关镇 1 号")
    person = Petitioner.objects.get()
    assert (person.name, person.phone, person.address) == ("王五", "13900000002",
                                                           "东城街道 8 号")


def test_a_differing_name_is_a_warning_for_the_clerk(clerk, outsider, t01, t02):
    _register_as(outsider, t02, name="王五", phone="", address="")
    p = _register_as(clerk, t01, name="李四", phone="", address="")
    assert len(p.warnings) == 1 and "王五" in p.warnings[0]
    assert _register_as(clerk, t01, name="王五", phone="", address="").warnings == []


def test_the_page_shows_the_name_warning(client, clerk, outsider, t02):
    _register_as(outsider, t02, name="王五", phone="", address="")
    client.force_login(clerk)
    response = client.post("/petitions/new/", {
        "channel": "visit", "received_on": "2026-09-16", "org_unit": "T01",
        "category": "environment", "level": "local", "headcount": 1, "title": "噪音",
        "content": "夜间施工。", "p-TOTAL_FORMS": 1, "p-INITIAL_FORMS": 0, "p-MIN_NUM_FORMS": 1,
        "p-MAX_NUM_FORMS": 20, "p-0-name": "李四", "p-0-id_number": id_number(3),
        "p-0-phone": "", "p-0-address": ""}, follow=True)
    assert "身份证号" in response.content.decode() and "已登记为王五" in response.content.decode()


def test_each_unit_sees_the_contact_details_it_was_told(api, clerk, outsider, t01, t02):
    a = _register_as(outsider, t02, name="王五", phone="13900000002", address="东城街道 8 号")
    b = _register_as(clerk, t01, name="王五", phone="13700000001", address="城关镇 1 号")
    api.force_authenticate(outsider)
    assert api.get(f"/api/v1/petitions/{a.pk}/").json()["petitioners"][0]["phone"] == \
        "13900000002"
    api.force_authenticate(clerk)
    person = api.get(f"/api/v1/petitions/{b.pk}/").json()["petitioners"][0]
    assert (person["phone"], person["address"]) == ("13700000001", "城关镇 1 号")


def test_only_the_city_changes_a_persons_record_and_it_is_audited(client, clerk, city_officer,
                                                                  outsider, t02):
    _register_as(outsider, t02, name="王五", phone="13900000002", address="东城街道 8 号")
    person = Petitioner.objects.get()
    with pytest.raises(PermissionDenied):
        sv.petitioner_update(petitioner_id=person.pk, actor=clerk, name="李四", phone="",
                             address="")
    client.force_login(clerk)
    assert client.get(f"/petitions/petitioners/{person.pk}/").status_code == 403
    client.force_login(city_officer)
    response = client.post(f"/petitions/petitioners/{person.pk}/", {
        "name": "王五", "phone": "13900000009", "address": "东城街道 8 号"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "13900000009" and person.name == "王五"
    entry = AuditEntry.objects.get(action="petitioner_update")
    assert entry.username == "city" and entry.data == {"fields": ["phone"]}
    assert entry.ip == "127.0.0.1"


# ------------------------------------------------------------ 8. personal data by role

def test_supervisors_see_masked_phones_and_addresses(api, client, supervisor, clerk, t01):
    p = _register_as(clerk, t01, name="王五", phone="13900001234", address="城关镇解放路 18 号")
    api.force_authenticate(supervisor)
    person = api.get(f"/api/v1/petitions/{p.pk}/").json()["petitioners"][0]
    assert person["phone"] == "139****1234" and person["address"] == "城关镇解放路***"
    client.force_login(supervisor)
    html = client.get(f"/petitions/{p.pk}/").content.decode()
    assert "13900001234" not in html and "18 号" not in html and "139****1234" in html


def test_the_handling_clerk_sees_them_in_full(api, clerk, t01):
    p = _register_as(clerk, t01, name="王五", phone="13900001234", address="城关镇解放路 18 号")
    api.force_authenticate(clerk)
    assert api.get(f"/api/v1/petitions/{p.pk}/").json()["petitioners"][0]["phone"] == \
        "13900001234"


def test_the_live_id_check_is_for_registering_roles_only_and_audited(client, clerk, leader,
                                                                     supervisor, t01):
    register(clerk, t01, ids=(5,))
    for user in (leader, supervisor):
        client.force_login(user)
        assert client.post("/petitions/check-petitioner/",
                           {"p-0-id_number": id_number(5)}).status_code == 403
    client.force_login(clerk)
    assert client.post("/petitions/check-petitioner/",
                       {"p-0-id_number": id_number(5)}).status_code == 200
    entry = AuditEntry.objects.get(action="petitioner_check")
    assert entry.username == "clerk_T01" and entry.data == {"found": True}
    assert id_number(5) not in str(entry.object_id)


# ------------------------------------------------------------ 11. the reveal's address

def test_the_id_reveal_audit_row_carries_the_client_address(client, clerk, t01):
    p = register(clerk, t01)
    client.force_login(clerk)
    person = p.petitioners.get()
    client.post(f"/petitions/{p.pk}/reveal/{person.pk}/", REMOTE_ADDR="10.1.2.3")
    assert AuditEntry.objects.get(action="reveal_id").ip == "10.1.2.3"

"""Leader reception days (领导接访, issue 20, item 3): the day, the leader, the place,
and the petitions received there, with the leader as leader in charge."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accounts import roles
from petitions import services as sv
from tests.builders import client_for, make_user


def reception(actor, leader, on=date(2026, 11, 10)):
    return sv.reception_create(actor=actor, held_on=on, leader=leader, place="镇信访接待室",
                               today=date(2026, 11, 18))


def received(actor, r, *, title="土地补偿", on=None):
    return sv.petition_register(
        actor=actor, channel="leader_reception", received_on=on or r.held_on,
        org_unit=r.org_unit, category="land_demolition", title=title, content="c",
        headcount=1, level="local", petitioners=[{"name": "李四"}], reception=r,
        today=date(2026, 11, 18))


def test_a_petition_received_at_a_reception_day_has_the_leader_in_charge(clerk, leader):
    r = reception(clerk, leader)
    assert (r.org_unit, r.leader) == (leader.org_unit, leader)
    p = received(clerk, r)
    assert (p.channel, p.reception, p.leader) == ("leader_reception", r, leader)
    assert p.get_channel_display() == "领导接访"


def test_the_reception_channel_needs_its_day_and_the_day_its_date(clerk, leader, t01):
    r = reception(clerk, leader)
    with pytest.raises(ValidationError) as e:
        sv.petition_register(actor=clerk, channel="leader_reception",
                             received_on=date(2026, 11, 10), org_unit=t01, category="other",
                             title="t", content="c", headcount=1, level="local",
                             petitioners=[{"name": "李四"}], today=date(2026, 11, 18))
    assert "reception" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        received(clerk, r, on=date(2026, 11, 11))
    assert "received_on" in e.value.message_dict


def test_only_a_leader_of_the_actors_scope_receives(clerk, t02):
    other = make_user("leader_T02", t02, roles.LEADER)
    with pytest.raises(ValidationError):
        reception(clerk, other)
    with pytest.raises(ValidationError):
        reception(clerk, clerk)  # not a leader


def test_pages_list_the_day_and_register_there_scoped(client, clerk, leader, outsider,
                                                    city_officer, december):
    client_for(client, clerk)
    r = client.post("/petitions/receptions/", {"held_on": "2026-11-20",
                                               "leader": leader.pk, "place": "镇政府一楼"})
    assert r.status_code == 302
    rec = leader.receptions.get()
    page = client.get(f"/petitions/receptions/{rec.pk}/").content.decode()
    assert "镇政府一楼" in page and 'data-testid="register-here"' in page
    form = client.get(f"/petitions/new/?reception={rec.pk}").content.decode()
    assert 'data-testid="at-reception"' in form and 'value="leader_reception" selected' in form
    r = client.post(f"/petitions/new/?reception={rec.pk}", {
        "channel": "leader_reception", "received_on": "2026-11-20", "org_unit": "T01",
        "category": "other", "level": "local", "headcount": 1, "title": "接访登记", "content": "c",
        "source": "local", "reception": rec.pk, "p-TOTAL_FORMS": 1, "p-INITIAL_FORMS": 0,
        "p-MIN_NUM_FORMS": 1, "p-MAX_NUM_FORMS": 20, "p-0-name": "李四", "p-0-id_type": "",
        "p-0-id_number": ""})
    assert r.status_code == 302, r.content.decode()[-3000:]
    p = rec.petitions.get()
    assert p.leader == leader
    assert leader.display_name in client.get(f"/petitions/{p.pk}/").content.decode()
    client_for(client, city_officer)
    assert client.get(f"/petitions/receptions/{rec.pk}/").status_code == 200
    client_for(client, outsider)
    assert client.get(f"/petitions/receptions/{rec.pk}/").status_code == 404
    assert "镇政府一楼" not in client.get("/petitions/receptions/").content.decode()
    assert client.get(f"/petitions/new/?reception={rec.pk}").status_code == 404


def test_the_api_records_a_day_and_registers_a_petition_there(api, clerk, leader, outsider,
                                                             december):
    api.force_authenticate(clerk)
    r = api.post("/api/v1/receptions/", {"held_on": "2026-11-20", "leader": "leader_T01",
                                         "place": "镇政府"}, format="json")
    assert r.status_code == 201, r.content
    rid = r.json()["id"]
    assert r.json()["org_unit"] == "T01"
    r = api.post("/api/v1/petitions/", {
        "channel": "leader_reception", "received_on": "2026-11-20", "org_unit": "T01",
        "category": "other", "title": "t", "content": "c", "headcount": 1, "level": "local",
        "petitioners": [{"name": "李四"}], "reception": rid}, format="json")
    assert r.status_code == 201, r.content
    assert (r.json()["reception"], r.json()["leader"]) == (rid, "leader_T01")
    assert api.get(f"/api/v1/receptions/{rid}/").json()["petitions"][0]["number"] == \
        r.json()["number"]
    api.force_authenticate(outsider)
    assert api.get(f"/api/v1/receptions/{rid}/").status_code == 404
    assert api.post("/api/v1/petitions/", {
        "channel": "leader_reception", "received_on": "2026-11-20", "org_unit": "T02",
        "category": "other", "title": "t", "content": "c", "headcount": 1, "level": "local",
        "petitioners": [{"name": "李四"}], "reception": rid}, format="json").status_code == 400


def test_the_dashboard_counts_cases_received_by_leaders_and_their_resolution(
        client, clerk, leader, city_officer, today):
    r = reception(clerk, leader)
    p1, _p2 = received(clerk, r, title="a"), received(clerk, r, title="b")
    sv.petition_accept(petition_id=p1.pk, actor=clerk, on=date(2026, 11, 11), today=today)
    sv.petition_reply(petition_id=p1.pk, actor=clerk, on=date(2026, 11, 12), opinion="o",
                      today=today)
    sv.petition_close(petition_id=p1.pk, actor=clerk, on=date(2026, 11, 13),
                      satisfaction="satisfied", today=today)
    for user in (city_officer, clerk):
        client_for(client, user)
        page = client.get("/").content.decode()
        kpi = page.split('data-testid="kpi-receptions">')[1].split("</div>")[0]
        numbers = [part.split("</span>")[1].strip(" ·%\n") for part in kpi.split("<span")[1:]]
        assert numbers == ["2", "1", "1", "50.0"], kpi

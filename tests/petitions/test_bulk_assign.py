"""The city assigns several petitions to a unit at once (issue 19, item 5)."""

from datetime import date

from alerts.models import Notification
from petitions import services as sv
from petitions.models import Petition, PetitionEvent
from tests.builders import client_for, register


def _accepted(clerk, unit, i):
    p = register(clerk, unit, ids=(i,))
    return sv.petition_accept(petition_id=p.pk, actor=clerk, on=date(2026, 9, 18))


def test_the_city_assigns_several_petitions_each_with_its_event_and_says_what_happened(
        client, clerk, city_officer, t01, d01, today):
    a, b = _accepted(clerk, t01, 1), _accepted(clerk, t01, 2)
    still_registered = register(clerk, t01, ids=(3,))
    client_for(client, city_officer)
    html = client.get("/petitions/").content.decode()
    assert 'data-testid="bulk-assign"' in html
    assert f'name="ids" value="{a.pk}" form="bulk-assign"' in html
    assert f'name="ids" value="{still_registered.pk}"' not in html  # only accepted ones
    r = client.post("/petitions/assign/", {"ids": [a.pk, b.pk, still_registered.pk],
                                           "org_unit": "D01"})
    assert r.status_code == 200
    html = r.content.decode()
    assert html.count('data-testid="bulk-done"') == 2
    assert html.count('data-testid="bulk-refused"') == 1
    assert f"信访事项 {still_registered.number}" in html
    assert "只有已受理的信访事项才能交办。" in html
    for p in (a, b):
        p.refresh_from_db()
        assert (p.status, p.handling_unit) == ("assigned", d01)
        assert PetitionEvent.objects.filter(petition=p, action="assign", actor=city_officer).count() == 1
    still_registered.refresh_from_db()
    assert still_registered.status == "registered"
    assert not PetitionEvent.objects.filter(petition=still_registered, action="assign").exists()
    assert Notification.objects.filter(org_unit=d01, kind="handover").count() == 2


def test_a_clerks_bulk_assignment_never_reaches_another_townships_petition(
        client, clerk, outsider, t01, t02, t01_village):
    mine = _accepted(clerk, t01, 1)
    theirs = _accepted(outsider, t02, 2)
    client_for(client, clerk)
    r = client.post("/petitions/assign/", {"ids": [mine.pk, theirs.pk], "org_unit": "T01V01"})
    html = r.content.decode()
    assert html.count('data-testid="bulk-done"') == 1
    assert theirs.number not in html
    assert 'data-testid="bulk-missing"' in html
    theirs.refresh_from_db()
    assert theirs.status == "accepted" and theirs.handling_unit is None
    # A unit outside the clerk's scope is not offered and not taken.
    r = client.post("/petitions/assign/", {"ids": [mine.pk], "org_unit": "T02"})
    assert r.status_code == 302


def test_roles_that_do_not_assign_get_no_bulk_form_and_403(client, supervisor, clerk, t01):
    p = _accepted(clerk, t01, 1)
    client_for(client, supervisor)
    assert 'data-testid="bulk-assign"' not in client.get("/petitions/").content.decode()
    assert client.post("/petitions/assign/", {"ids": [p.pk], "org_unit": "T01"}
                       ).status_code == 403
    assert Petition.objects.get(pk=p.pk).status == "accepted"


def test_no_bulk_form_on_a_page_without_accepted_petitions(client, clerk, city_officer, t01):
    register(clerk, t01, ids=(1,))
    client_for(client, city_officer)
    assert 'data-testid="bulk-assign"' not in client.get("/petitions/").content.decode()

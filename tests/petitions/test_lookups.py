"""Looking a person up needs a reason; the 进京 / 越级 lists are the city's (issue 20, item 10)."""

from audit.models import AuditEntry
from petitions.models import Petition
from tests.builders import client_for, register


def test_the_history_is_listed_only_for_a_reason_and_the_look_up_is_recorded(
        client, clerk, t01):
    earlier = register(clerk, t01, ids=(7,), title="河道污染")
    later = register(clerk, t01, ids=(7,), title="噪音扰民", category="urban_construction")
    c = client_for(client, clerk)
    page = c.get(f"/petitions/{later.pk}/").content.decode()
    assert 'data-testid="history-count"' in page and "另有 1 件" in page
    assert earlier.number not in page  # not listed until a reason is given
    refused = c.post(f"/petitions/{later.pk}/history/", {"reason": "handling", "reason_note": ""})
    assert refused.status_code == 400
    assert earlier.number not in refused.content.decode()
    assert not AuditEntry.objects.filter(action="person_lookup").exists()
    shown = c.post(f"/petitions/{later.pk}/history/",
                   {"reason": "handling", "reason_note": "核实是否同一事项重复信访"})
    assert shown.status_code == 200
    assert earlier.number in shown.content.decode()
    entry = AuditEntry.objects.get(action="person_lookup")
    assert (entry.actor, entry.object_id) == (clerk, later.number)
    assert entry.data == {"kind": "history", "reason": "handling",
                          "note": "核实是否同一事项重复信访", "case": later.number}


def test_another_townships_clerk_gets_404_for_the_history(client, clerk, outsider, t01):
    p = register(clerk, t01, ids=(7,))
    response = client_for(client, outsider).post(
        f"/petitions/{p.pk}/history/", {"reason": "handling", "reason_note": "x"})
    assert response.status_code == 404


def test_the_beijing_and_level_skipping_lists_are_the_citys_and_audited(
        client, api, clerk, t01, city_officer, supervisor):
    p = register(clerk, t01, ids=(7,))
    Petition.objects.filter(pk=p.pk).update(level="national", is_level_skipping=True)
    for query in ("level=national", "is_level_skipping=true"):
        c = client_for(client, clerk)
        assert c.get(f"/petitions/?{query}").status_code == 403
        assert c.get(f"/exports/petitions.xlsx?{query}").status_code == 403
        api.force_authenticate(clerk)
        assert api.get(f"/api/v1/petitions/?{query}").status_code == 403
    assert not AuditEntry.objects.filter(action="petition_list_statistical_filter").exists()
    # Other filters stay open to the clerk, unaudited.
    assert client_for(client, clerk).get("/petitions/?level=local").status_code == 200
    for user in (city_officer, supervisor):
        listed = client_for(client, user).get("/petitions/?is_level_skipping=true")
        assert listed.status_code == 200
        assert listed.context["page"].paginator.count == 1
        api.force_authenticate(user)
        assert api.get("/api/v1/petitions/?level=national").json()["count"] == 1
    entries = AuditEntry.objects.filter(action="petition_list_statistical_filter")
    assert entries.count() == 4
    assert {e.username for e in entries} == {city_officer.username, supervisor.username}
    assert {"level": "national"} in [e.data["filters"] for e in entries]

"""What is read rather than changed goes to the audit log: reveals, exports,
refused access to a real record outside scope or beyond the role."""

from audit.models import AuditEntry
from tests.builders import make_user, register


def _actions(username):
    return list(AuditEntry.objects.filter(username=username).values_list("action", flat=True))


def test_revealing_an_id_number_is_audited(client, clerk, t01):
    p = register(clerk, t01)
    person = p.petitioners.get()
    client.force_login(clerk)
    client.post(f"/petitions/{p.pk}/reveal/{person.pk}/")
    entry = AuditEntry.objects.get(action="reveal_id")
    assert (entry.username, entry.object_type, entry.object_id) == (
        "clerk_T01", "petitioner", str(person.pk))
    assert entry.data == {"petition": p.number}


def test_an_export_is_audited_with_its_filters_and_row_count(client, clerk, t01):
    register(clerk, t01, ids=(1,))
    register(clerk, t01, ids=(2,), title="噪音扰民")
    client.force_login(clerk)
    response = client.get("/exports/petitions.xlsx?category=environment")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    entry = AuditEntry.objects.get(action="export")
    assert entry.username == "clerk_T01"
    assert entry.object_type == "/exports/petitions.xlsx"
    assert entry.data == {"filters": {"category": ["environment"]}, "rows": 2}


def test_a_page_for_a_record_outside_scope_is_a_404_and_audited(client, clerk, outsider, t01):
    p = register(clerk, t01)
    client.force_login(outsider)
    assert client.get(f"/petitions/{p.pk}/").status_code == 404
    entry = AuditEntry.objects.get(action="denied_out_of_scope")
    assert (entry.username, entry.object_type, entry.object_id) == (
        "clerk_T02", "petitions.petition", str(p.pk))


def test_the_api_audits_out_of_scope_access_too(api, clerk, outsider, t01):
    p = register(clerk, t01)
    api.force_authenticate(outsider)
    assert api.get(f"/api/v1/petitions/{p.pk}/").status_code == 404
    assert _actions("clerk_T02") == ["denied_out_of_scope"]


def test_a_missing_record_is_a_plain_404_not_logged_as_an_attempt(client, outsider):
    client.force_login(outsider)
    assert client.get("/petitions/999999/").status_code == 404
    assert not AuditEntry.objects.filter(action="denied_out_of_scope").exists()


def test_a_role_refusal_is_audited(client, clerk, t01):
    p = register(clerk, t01)
    person = p.petitioners.get()
    visitor = make_user("visitor", t01)  # in the unit, but with no role: may not reveal
    client.force_login(visitor)
    assert client.post(f"/petitions/{p.pk}/reveal/{person.pk}/").status_code == 403
    assert "denied_role" in _actions("visitor")

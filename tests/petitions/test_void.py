"""Voiding a registration (作废, issue 16): an audited correction instead of a delete."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alerts.models import Alert
from audit.models import AuditEntry
from core.errors import TransitionError
from core.jobs import run_job
from dashboards.selectors import DashboardFilters, petition_panels, todo_for
from petitions import services as sv
from petitions.models import Petition
from supervision.assessment import assessment_recompute
from supervision.models import AssessmentScore
from tests.builders import register

REASON = "重复登记，录入错误"


def void(p, actor, reason=REASON):
    return sv.petition_void(petition_id=p.pk, actor=actor, reason=reason)


def _close(p, clerk):
    sv.petition_accept(petition_id=p.pk, actor=clerk, on=date(2026, 9, 17))
    sv.petition_reply(petition_id=p.pk, actor=clerk, on=date(2026, 9, 20), opinion="已处理")
    return sv.petition_close(petition_id=p.pk, actor=clerk, on=date(2026, 9, 21))


# ------------------------------------------------------------------ the service

def test_the_city_voids_with_a_reason_the_event_and_the_audit_row(city_officer, petition):
    p = void(petition, city_officer)
    row = Petition.all_objects.get(pk=petition.pk)
    assert (row.status, row.void_reason, row.voided_from) == ("voided", REASON, "registered")
    assert row.voided_at is not None and row.current_due is None
    assert row.number == petition.number  # kept
    event = row.events.get(action="void")
    assert (event.actor, event.from_status, event.to_status, event.note) == (
        city_officer, "registered", "voided", REASON)
    entry = AuditEntry.objects.get(action="petition_void")
    assert (entry.actor, entry.object_id, entry.data["petition"], entry.data["reason"]) == (
        city_officer, str(p.pk), p.number, REASON)
    assert not Petition.objects.filter(pk=p.pk).exists()  # out of everything that counts


def test_numbers_are_never_reused(clerk, t01, admin_user, petition):
    void(petition, admin_user)
    after = register(clerk, t01, ids=(2,))
    assert after.number != petition.number
    assert int(after.number[-6:]) == int(petition.number[-6:]) + 1


def test_a_closed_petition_cannot_be_voided(clerk, city_officer, petition):
    _close(petition, clerk)
    with pytest.raises(TransitionError):
        void(petition, city_officer)
    assert Petition.objects.get(pk=petition.pk).status == "closed"


def test_voiding_twice_and_without_a_reason_are_refused(city_officer, petition):
    with pytest.raises(ValidationError):
        void(petition, city_officer, reason="  ")
    void(petition, city_officer)
    with pytest.raises(TransitionError):
        void(petition, city_officer)


def test_a_leader_voids_only_their_units_registration_not_yet_acted_on(
        clerk, leader, t01, petition):
    accepted = register(clerk, t01, ids=(2,))
    sv.petition_accept(petition_id=accepted.pk, actor=clerk, on=date(2026, 9, 17))
    with pytest.raises(PermissionDenied):
        void(accepted, leader)
    void(petition, leader)
    assert Petition.all_objects.get(pk=petition.pk).status == "voided"


@pytest.mark.parametrize("persona", ["clerk", "supervisor"])
def test_clerks_and_supervisors_may_not_void(request, persona, petition):
    with pytest.raises(PermissionDenied):
        void(petition, request.getfixturevalue(persona))


def test_other_actions_refuse_a_voided_petition(clerk, city_officer, petition):
    void(petition, city_officer)
    with pytest.raises(TransitionError):
        sv.petition_accept(petition_id=petition.pk, actor=clerk, on=date(2026, 9, 17))


# ------------------------------------------------------------ left out of what counts

def test_the_overdue_job_leaves_a_voided_petition_out_and_clears_its_alert(
        clerk, city_officer, t01):
    late = register(clerk, t01)  # acceptance due 2026-10-08
    other = register(clerk, t01, ids=(2,))
    run_job("flag_overdue", as_of=date(2026, 10, 9))
    void(late, city_officer)
    assert Alert.objects.get(target_id=late.pk).cleared_on is not None
    lines = run_job("flag_overdue", as_of=date(2026, 10, 20))
    assert all(late.number not in line for line in lines)
    assert set(Alert.objects.filter(cleared_on__isnull=True).values_list(
        "target_id", flat=True)) == {other.pk}


def test_repeat_detection_ignores_a_voided_registration(clerk, city_officer, t01, petition):
    void(petition, city_officer)
    again = register(clerk, t01, received_on=date(2026, 10, 1))
    assert again.is_repeat is False and again.repeat_of is None


def test_dashboards_and_to_dos_leave_it_out(clerk, leader, city_officer, t01, petition):
    kept = register(clerk, t01, ids=(2,))
    flt = DashboardFilters(start=date(2026, 1, 1), end=date(2026, 12, 31), unit=None)
    breakdown = petition_panels(city_officer, flt, flt.end)["breakdown"]
    assert breakdown["total"] == 2
    void(petition, city_officer)
    breakdown = petition_panels(city_officer, flt, flt.end)["breakdown"]
    assert breakdown["total"] == 1
    todo = todo_for(user=clerk, today=date(2026, 11, 18))
    assert [p.pk for p in todo["overdue"]] == [kept.pk]


def test_the_assessment_no_longer_charges_a_voided_petitions_lateness(
        clerk, city_officer, t01, petition):
    run_job("flag_overdue", as_of=date(2026, 10, 9))  # due 10-08: one deduction in October
    assessment_recompute(as_of=date(2026, 10, 31))
    october = AssessmentScore.objects.get(org_unit=t01, period_kind="month", period=10,
                                          year=2026)
    assert any(d["ref"] == f"petition:{petition.pk}" for d in october.deductions)
    void(petition, city_officer)
    assessment_recompute(as_of=date(2026, 10, 31))
    october.refresh_from_db()
    assert not any(d["ref"] == f"petition:{petition.pk}" for d in october.deductions)


def test_the_export_leaves_it_out(client, clerk, city_officer, t01, petition):
    from tests.dashboards.test_exports import workbook_rows

    kept = register(clerk, t01, ids=(2,))
    void(petition, city_officer)
    client.force_login(city_officer)
    rows = workbook_rows(client.get("/exports/petitions.xlsx"))
    assert [r[0] for r in rows] == [kept.number]
    rows = workbook_rows(client.get("/exports/petitions.xlsx?voided=true"))
    assert rows == []  # the statistics never hold a voided registration


# ------------------------------------------------------------------ pages

@pytest.mark.parametrize("persona", ["clerk", "leader", "city_officer"])
def test_the_list_leaves_it_out_unless_filtered_and_its_page_says_why(
        client, request, persona, city_officer, t01, petition, clerk):
    kept = register(clerk, t01, ids=(2,))
    void(petition, city_officer)
    client.force_login(request.getfixturevalue(persona))
    listed = client.get(reverse("petitions:list"))
    assert [p.pk for p in listed.context["page"]] == [kept.pk]
    assert [p.pk for p in client.get(reverse("petitions:list"), {"status": "registered"})
            .context["page"]] == [kept.pk]
    shown = client.get(reverse("petitions:list"), {"voided": "true"})
    assert [p.pk for p in shown.context["page"]] == [petition.pk]
    page = client.get(reverse("petitions:detail", args=[petition.pk]))
    body = page.content.decode()
    assert "已作废" in body and REASON in body and petition.number in body
    assert page.context["actions"] == []  # nothing more is done to it


def test_another_township_never_sees_it(client, outsider, city_officer, petition):
    void(petition, city_officer)
    client.force_login(outsider)
    assert client.get(reverse("petitions:detail", args=[petition.pk])).status_code == 404
    assert client.get(reverse("petitions:list"), {"voided": "true"}).context[
        "page"].paginator.count == 0


def test_the_page_action_needs_a_reason_and_is_offered_to_the_city(
        client, city_officer, clerk, petition):
    client.force_login(clerk)
    page = client.get(reverse("petitions:detail", args=[petition.pk]))
    assert "void" not in [a[0] for a in page.context["actions"]]
    client.force_login(city_officer)
    page = client.get(reverse("petitions:detail", args=[petition.pk]))
    assert "void" in [a[0] for a in page.context["actions"]]
    assert "作废" in page.content.decode()
    url = reverse("petitions:action", args=[petition.pk, "void"])
    assert client.post(url, {"void-reason": ""}).status_code == 400
    assert Petition.objects.filter(pk=petition.pk).exists()
    r = client.post(url, {"void-reason": REASON})
    assert r.status_code == 302
    assert Petition.all_objects.get(pk=petition.pk).status == "voided"


def test_a_leader_of_another_unit_gets_404(client, t02, petition):
    from accounts import roles
    from tests.builders import make_user

    other = make_user("leader2", t02, roles.LEADER)
    client.force_login(other)
    url = reverse("petitions:action", args=[petition.pk, "void"])
    assert client.post(url, {"void-reason": REASON}).status_code == 404


# ------------------------------------------------------------------ API

def test_api_void_then_list_filter_and_detail(api, city_officer, clerk, t01, petition):
    kept = register(clerk, t01, ids=(2,))
    api.force_authenticate(city_officer)
    url = f"/api/v1/petitions/{petition.pk}/void/"
    r = api.post(url, {"reason": ""}, format="json")
    assert r.status_code == 400 and "reason" in r.json()
    r = api.post(url, {"reason": REASON}, format="json")
    assert r.status_code == 200, r.json()
    assert (r.json()["status"], r.json()["void_reason"]) == ("voided", REASON)
    ids = [p["id"] for p in api.get("/api/v1/petitions/").json()["results"]]
    assert ids == [kept.pk]
    ids = [p["id"] for p in api.get("/api/v1/petitions/?voided=true").json()["results"]]
    assert ids == [petition.pk]
    assert api.get(f"/api/v1/petitions/{petition.pk}/").json()["status"] == "voided"
    r = api.post(url, {"reason": REASON}, format="json")
    assert r.status_code == 409


def test_api_void_of_a_closed_petition_is_409_with_a_message(api, city_officer, clerk,
                                                              petition):
    _close(petition, clerk)
    api.force_authenticate(city_officer)
    r = api.post(f"/api/v1/petitions/{petition.pk}/void/", {"reason": REASON},
                 format="json")
    assert r.status_code == 409
    assert r.json()["detail"]


def test_api_void_roles(api, clerk, supervisor, outsider, petition):
    for user, code in ((clerk, 403), (supervisor, 403), (outsider, 404)):
        api.force_authenticate(user)
        r = api.post(f"/api/v1/petitions/{petition.pk}/void/", {"reason": REASON},
                     format="json")
        assert r.status_code == code, user
    assert Petition.objects.filter(pk=petition.pk).exists()


def test_the_schema_documents_the_void_action(api, clerk):
    api.force_authenticate(clerk)
    schema = api.get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/v1/petitions/{id}/void/" in text and "PetitionVoid" in text


# ------------------------------------------------------------------ admin

def test_the_admin_offers_void_with_a_reason_never_delete(client, admin_user, petition):
    client.force_login(admin_user)
    changelist = reverse("admin:petitions_petition_changelist")
    page = client.get(changelist)
    body = page.content.decode()
    assert "delete_selected" not in body and "void_selected" in body
    confirm = client.post(changelist, {"action": "void_selected",
                                       "_selected_action": [petition.pk]})
    assert confirm.status_code == 200
    assert Petition.objects.filter(pk=petition.pk).exists()
    done = client.post(changelist, {"action": "void_selected", "_selected_action": [petition.pk],
                                    "confirm_void": "1", "void_reason": REASON})
    assert done.status_code == 302
    row = Petition.all_objects.get(pk=petition.pk)
    assert (row.status, row.void_reason) == ("voided", REASON)
    assert AuditEntry.objects.filter(action="petition_void", actor=admin_user).exists()
    # Still listed in the admin, voided.
    assert petition.number in client.get(changelist).content.decode()

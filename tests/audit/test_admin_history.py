"""The admin cannot delete history, and every admin change is audited (issue 16, item 8)."""

from datetime import date

from audit.models import AuditEntry
from petitions.models import Petition, PetitionEvent
from tests.builders import client_for, register
from workdays.models import CalendarDay


def test_petition_events_are_read_only_and_petitions_cannot_be_deleted(client, admin_user,
                                                                       clerk, t01):
    petition = register(clerk, t01)
    event = PetitionEvent.objects.get(petition=petition)
    client_for(client, admin_user)
    assert client.get(f"/admin/petitions/petitionevent/{event.pk}/change/").status_code == 200
    assert client.post(f"/admin/petitions/petitionevent/{event.pk}/change/",
                       {"note": "rewritten"}).status_code == 403
    assert client.post(f"/admin/petitions/petitionevent/{event.pk}/delete/",
                       {"post": "yes"}).status_code == 403
    assert client.post(f"/admin/petitions/petition/{petition.pk}/delete/",
                       {"post": "yes"}).status_code == 403
    assert Petition.objects.filter(pk=petition.pk).exists()
    assert PetitionEvent.objects.get(pk=event.pk).note == event.note


def test_the_audit_log_and_its_checkpoints_are_read_only_in_the_admin(client, admin_user):
    client_for(client, admin_user)
    assert client.get("/admin/audit/auditcheckpoint/add/").status_code == 403
    assert client.get("/admin/audit/auditentry/add/").status_code == 403


def test_every_admin_change_writes_an_audit_row(client, admin_user):
    client_for(client, admin_user)
    client.post("/admin/workdays/calendarday/add/", {"day": "2027-01-01", "kind": "holiday",
                                                    "name": "元旦"})
    day = CalendarDay.objects.get(day=date(2027, 1, 1))
    client.post(f"/admin/workdays/calendarday/{day.pk}/change/", {"day": "2027-01-01",
                                                                  "kind": "holiday",
                                                                  "name": "新年"})
    client.post(f"/admin/workdays/calendarday/{day.pk}/delete/", {"post": "yes"})
    rows = list(AuditEntry.objects.filter(object_type="workdays.calendarday")
                .order_by("id").values_list("action", "username", "object_id"))
    assert rows == [("admin_add", "admin", str(day.pk)), ("admin_change", "admin", str(day.pk)),
                    ("admin_delete", "admin", str(day.pk))]

"""Account protections of the trust issue: each test fails without its control."""

import time
from datetime import UTC, timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import SESSION_STARTED
from audit.models import AuditEntry
from audit.services import audit, audit_verify_chain
from tests.builders import PASSWORD

LOGIN = "/accounts/login/"


def _fail(client, username="clerk_T01"):
    return client.post(LOGIN, {"username": username, "password": "Wrong-Password-1"})


def test_five_failures_lock_the_username_even_with_the_right_password(client, clerk):
    for _ in range(5):
        _fail(client)
    response = client.post(LOGIN, {"username": "clerk_T01", "password": PASSWORD})
    assert response.status_code == 429
    assert 'data-testid="locked-out"' in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_the_lockout_is_per_username_not_per_office(client, clerk, outsider):
    for _ in range(5):
        _fail(client)
    # Same client (same IP): a colleague with another username still logs in.
    response = client.post(LOGIN, {"username": "clerk_T02", "password": PASSWORD})
    assert response.status_code == 302


def test_four_failures_do_not_lock(client, clerk):
    for _ in range(4):
        _fail(client)
    assert client.post(LOGIN, {"username": "clerk_T01", "password": PASSWORD}).status_code == 302


def test_the_token_endpoint_is_locked_too(api, clerk):
    for _ in range(5):
        api.post("/api/v1/auth/token/", {"username": "clerk_T01", "password": "x"}, format="json")
    response = api.post("/api/v1/auth/token/", {"username": "clerk_T01", "password": PASSWORD},
                        format="json")
    assert response.status_code in (400, 403, 429)
    assert "token" not in response.json()


@pytest.mark.parametrize("password", ["short-A1", "alllowercaseletters", "ALLUPPER123456",
                                      "clerk_T01-Strong-9"])
def test_weak_passwords_are_refused(clerk, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=clerk)


def test_a_strong_password_is_accepted(clerk):
    validate_password("Township-Office-2026", user=clerk)


def test_an_expired_password_forces_a_change(client, clerk):
    clerk.password_changed_at = timezone.now() - timedelta(days=91)
    clerk.save()
    client.force_login(clerk)
    response = client.get(reverse("petitions:list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change")
    assert client.get(reverse("accounts:password_change")).status_code == 200


def test_the_session_ends_twelve_hours_after_login(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[SESSION_STARTED] = time.time() - 12 * 3600 - 1
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert LOGIN in response["Location"]
    assert client.get(reverse("home")).status_code == 302


def test_idle_sessions_expire_after_thirty_minutes(client, clerk, settings):
    from django.contrib.sessions.models import Session

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(clerk)
    client.get(reverse("home"))
    key = client.session.session_key
    first = Session.objects.get(session_key=key).expire_date
    # A request a minute later renews the 30-minute expiry ...
    session = client.session
    session["seen_at"] = time.time() - 61
    session.save()
    client.get(reverse("home"))
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > first
    # ... and an idle session past its expiry is gone.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("home")).status_code == 302


def test_deactivating_a_user_ends_their_session(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("home")).status_code == 200
    clerk.is_active = False
    clerk.save()
    assert client.get(reverse("home")).status_code == 302


def test_pages_with_personal_data_are_not_cached(client, clerk):
    client.force_login(clerk)
    assert "no-store" in client.get(reverse("home"))["Cache-Control"]


def test_login_logout_and_failures_are_in_the_audit_log(client, clerk):
    _fail(client)
    client.post(LOGIN, {"username": "clerk_T01", "password": PASSWORD})
    client.post(reverse("accounts:logout"))
    actions = list(AuditEntry.objects.order_by("id").values_list("action", "username"))
    assert actions == [("login_failed", "clerk_T01"), ("login", "clerk_T01"),
                       ("logout", "clerk_T01")]
    assert "Wrong-Password-1" not in str(list(AuditEntry.objects.values("data")))


def test_the_audit_chain_detects_an_edit(db, clerk):
    for n in range(3):
        audit(action="export", user=clerk, obj_type="petitions", data={"rows": n})
    assert audit_verify_chain() is None
    middle = AuditEntry.objects.order_by("id")[1]
    # Only a raw statement with the trigger dropped can edit a row: simulate an
    # attacker with that power, then check the chain catches it.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER common_auditentry_no_update")
        cursor.execute("UPDATE common_auditentry SET data = %s WHERE id = %s",
                       ['{"rows": 99}', middle.pk])
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")
    assert audit_verify_chain() == middle.pk


def test_the_application_cannot_update_the_audit_log(db, clerk):
    entry = audit(action="login", user=clerk)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="nothing")


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_application_cannot_delete_from_the_audit_log(db, clerk):
    entry = audit(action="login", user=clerk)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_the_admin_can_search_the_audit_log_but_not_edit_it(client, admin_user, clerk):
    audit(action="login", user=clerk)
    client.force_login(admin_user)
    body = client.get("/admin/audit/auditentry/?q=clerk_T01").content.decode()
    assert "clerk_T01" in body
    entry = AuditEntry.objects.get(username="clerk_T01")
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403


def test_the_purge_removes_only_rows_past_retention_and_the_chain_still_verifies(db, clerk,
                                                                                 settings):
    from datetime import date, datetime

    from audit.services import audit_purge
    settings.AUDIT_RETENTION_YEARS = 3
    old = audit(action="login", user=clerk)
    kept = [audit(action="export", user=clerk) for _ in range(2)]
    # Age the first row as time would (a raw statement, triggers bypassed as a
    # DBA restoring history would; the application itself cannot do this).
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER common_auditentry_no_update")
        cursor.execute("UPDATE common_auditentry SET at = %s WHERE id = %s",
                       [datetime(2022, 1, 5, tzinfo=UTC), old.pk])
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")
    assert audit_purge(as_of=date(2026, 11, 28)) == 1
    # The purge is itself audited (issue 16): audit_verify tells it from a deletion.
    assert list(AuditEntry.objects.exclude(action="audit_purge").order_by("id")
                .values_list("pk", flat=True)) == [k.pk for k in kept]
    assert AuditEntry.objects.get(action="audit_purge").data["first_kept_id"] == kept[0].pk
    assert audit_verify_chain() is None
    assert audit_purge(as_of=date(2026, 11, 28)) == 0


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_even_the_purge_cannot_delete_recent_rows(db, clerk):
    entry = audit(action="login", user=clerk)
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL xinfang.audit_purge = 'on'")
        AuditEntry.objects.filter(pk=entry.pk).delete()

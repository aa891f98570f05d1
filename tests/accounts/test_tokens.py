"""API tokens (issue 15: items 1, 4, 5, 9): two-factor, lifetime, revocation, audit."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from audit.models import AuditEntry
from tests.builders import PASSWORD, register

URL = "/api/v1/auth/token/"


def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _token(api, username, **extra):
    return api.post(URL, {"username": username, "password": PASSWORD, **extra}, format="json")


@pytest.fixture
def two_factor(settings):
    settings.OTP_REQUIRED_ROLES = ("admin", "supervisor")


@pytest.fixture
def phone(supervisor):
    return TOTPDevice.objects.create(user=supervisor, name="phone", confirmed=True)


# ------------------------------------------------------------------ two-factor

def test_a_supervisor_gets_no_token_for_a_password_alone(api, supervisor, phone, two_factor):
    response = _token(api, "supervisor")
    assert response.status_code == 400 and "token" not in response.json()
    assert "code" in response.json()
    assert not Token.objects.filter(user=supervisor).exists()


def test_a_supervisor_gets_no_token_for_a_wrong_code(api, supervisor, phone, two_factor):
    response = _token(api, "supervisor", code="000000" if _code(phone) != "000000" else "111111")
    assert response.status_code == 400 and "token" not in response.json()
    assert AuditEntry.objects.filter(action="otp_failed", username="supervisor").exists()


def test_a_supervisor_without_a_device_gets_no_token(api, supervisor, two_factor):
    assert _token(api, "supervisor", code="123456").status_code == 400


def test_a_supervisor_with_the_code_gets_a_working_token(api, supervisor, phone, two_factor,
                                                         clerk, t01):
    p = register(clerk, t01)
    response = _token(api, "supervisor", code=_code(phone))
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get(f"/api/v1/petitions/{p.pk}/").status_code == 200


def test_a_token_made_without_the_code_is_refused_for_a_two_factor_role(api, supervisor,
                                                                         two_factor, clerk, t01):
    register(clerk, t01)
    token = Token.objects.create(user=supervisor)  # e.g. through the admin or a shell
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/petitions/").status_code == 401


def test_a_supervisor_with_a_password_alone_reads_no_petition_through_any_door(
        client, api, supervisor, phone, two_factor, clerk, t01):
    p = register(clerk, t01)
    # The login page: every page, export and the API answer without the petition.
    assert client.post("/accounts/login/", {"username": "supervisor",
                                            "password": PASSWORD}).status_code == 302
    for url in ("/petitions/", f"/petitions/{p.pk}/", "/exports/petitions.xlsx",
                "/admin/petitions/petition/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/two-factor/"), url
    for url in ("/api/v1/petitions/", f"/api/v1/petitions/{p.pk}/",
                f"/api/v1/petitions/{p.pk}/events/"):
        response = client.get(url)
        assert response.status_code == 403 and p.number not in response.content.decode(), url
    # The token endpoint: no token for a password.
    assert _token(api, "supervisor").status_code == 400
    # HTTP Basic is not a way in either.
    api.credentials(HTTP_AUTHORIZATION="Basic c3VwZXJ2aXNvcjpDb3JyZWN0LUhvcnNlLTQy")
    assert api.get(f"/api/v1/petitions/{p.pk}/").status_code == 401
    # The public follow-up page needs the query code printed on the receipt.
    page = client.post("/petitions/track/", {"number": p.number, "query_code": "AAAAAAAA"})
    assert p.title not in page.content.decode()


# ------------------------------------------------------------------ lifetime

def _clerk_token(api):
    key = _token(api, "clerk_T01").json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return key


def test_a_token_expires_after_twelve_hours(api, clerk):
    _clerk_token(api)
    with time_machine.travel(timezone.now() + timedelta(hours=11, minutes=59)):
        assert api.get("/api/v1/org-units/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=12, minutes=1)):
        response = api.get("/api/v1/org-units/")
        assert response.status_code == 401
    assert not Token.objects.filter(user=clerk).exists()


def test_logging_out_revokes_the_token(api, client, clerk):
    _clerk_token(api)
    client.force_login(clerk)
    client.post("/accounts/logout/")
    assert api.get("/api/v1/org-units/").status_code == 401


def test_delete_on_the_token_endpoint_revokes_it(api, clerk):
    _clerk_token(api)
    assert api.delete(URL).status_code == 204
    assert api.get("/api/v1/org-units/").status_code == 401
    assert AuditEntry.objects.filter(action="logout", username="clerk_T01").exists()


def test_changing_the_password_revokes_the_token(api, client, clerk):
    _clerk_token(api)
    client.force_login(clerk)
    response = client.post("/accounts/password/", {
        "old_password": PASSWORD, "new_password1": "Another-Horse-77!",
        "new_password2": "Another-Horse-77!"})
    assert response.status_code == 302
    assert api.get("/api/v1/org-units/").status_code == 401


def test_a_password_set_elsewhere_also_kills_older_tokens(api, clerk):
    _clerk_token(api)
    clerk.set_password("Another-Horse-77!")  # e.g. an administrator's reset
    clerk.save()
    assert api.get("/api/v1/org-units/").status_code == 401


def test_deactivation_revokes_the_token(api, client, clerk, admin_user):
    _clerk_token(api)
    clerk.is_active = False
    clerk.save()
    assert api.get("/api/v1/org-units/").status_code == 401
    clerk.is_active = True
    clerk.save()
    client.force_login(admin_user)
    data = {"username": "clerk_T01", "is_active": "", "org_unit": clerk.org_unit.pk,
            "full_name": "clerk_T01", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"}
    client.post(f"/admin/accounts/user/{clerk.pk}/change/", data)
    clerk.refresh_from_db()
    assert not clerk.is_active and not Token.objects.filter(user=clerk).exists()


# ------------------------------------------------------------------ password expiry

def test_an_expired_password_gets_no_token_and_stops_a_token(api, clerk, settings):
    key = _clerk_token(api)
    with time_machine.travel(timezone.now() + timedelta(days=settings.PASSWORD_MAX_AGE_DAYS,
                                                        hours=1)):
        # (the lifetime check would also refuse it: keep the token young)
        Token.objects.filter(key=key).update(created=timezone.now())
        assert api.get("/api/v1/org-units/").status_code == 401
        api.credentials()
        assert _token(api, "clerk_T01").status_code == 400


def test_an_expired_password_is_refused_on_the_api_with_a_session(client, clerk):
    clerk.password_changed_at = timezone.now() - timedelta(days=365)
    clerk.save()
    client.force_login(clerk)
    response = client.get("/api/v1/org-units/")
    assert response.status_code == 403 and "detail" in response.json()


# ------------------------------------------------------------------ audit

def test_a_successful_token_login_is_audited(api, clerk):
    _clerk_token(api)
    entry = AuditEntry.objects.get(action="login", username="clerk_T01")
    assert entry.data["via"] == "token" and entry.ip == "127.0.0.1"

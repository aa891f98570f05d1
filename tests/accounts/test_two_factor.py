"""TOTP two-factor: required for admin and supervisor, optional for the rest."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEntry


@pytest.fixture(autouse=True)
def required(settings):
    settings.OTP_REQUIRED_ROLES = ("admin", "supervisor")


def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_a_supervisor_without_a_device_must_set_one_up(client, supervisor):
    client.force_login(supervisor)
    response = client.get("/supervision/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/setup/"
    page = client.get("/accounts/two-factor/setup/").content.decode()
    secret = re.search(r'data-testid="otp-secret">([A-Z2-7]+)<', page).group(1)
    device = TOTPDevice.objects.get(user=supervisor)
    assert len(secret) >= 16
    assert not device.confirmed
    assert "is-invalid" in client.post("/accounts/two-factor/setup/",
                                       {"token": "000000"}).content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the device wait a moment (throttling)
    response = client.post("/accounts/two-factor/setup/", {"token": _code(device)})
    assert response.status_code == 302
    assert client.get("/supervision/").status_code == 200
    assert AuditEntry.objects.filter(action="otp_setup", username="supervisor").exists()


def test_a_new_session_asks_for_the_code(client, admin_user):
    device = TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    client.force_login(admin_user)
    response = client.get("/petitions/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/?next=/petitions/")
    # The setup page cannot be used to enrol another phone without the code.
    assert client.get("/accounts/two-factor/setup/")["Location"] == "/accounts/two-factor/"
    response = client.post("/accounts/two-factor/?next=/petitions/", {"token": _code(device)})
    assert response["Location"] == "/petitions/"
    assert client.get("/petitions/").status_code == 200


def test_a_wrong_code_is_refused_and_audited(client, admin_user):
    TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    client.force_login(admin_user)
    response = client.post("/accounts/two-factor/", {"token": "123456"})
    assert "is-invalid" in response.content.decode()
    assert client.get("/petitions/").status_code == 302
    assert AuditEntry.objects.filter(action="otp_failed").count() == 1


def test_the_next_parameter_cannot_send_the_user_elsewhere(client, admin_user):
    device = TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    client.force_login(admin_user)
    response = client.post("/accounts/two-factor/?next=https://evil.example/",
                           {"token": _code(device)})
    assert response["Location"] == "/"


def test_the_api_refuses_an_unverified_session(client, supervisor):
    client.force_login(supervisor)
    assert client.get("/api/v1/org-units/").status_code == 403


def test_clerks_are_not_required_but_may_opt_in(client, clerk):
    client.force_login(clerk)
    assert client.get("/petitions/").status_code == 200
    assert client.get("/accounts/two-factor/setup/").status_code == 200


def test_the_requirement_can_be_configured(client, supervisor, settings):
    settings.OTP_REQUIRED_ROLES = ()
    client.force_login(supervisor)
    assert client.get("/supervision/").status_code == 200

"""Failed logins (issue 15, item 6): a growing lockout per username, a limit
per real client address, an alert to the administrators on a burst."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from alerts.models import Notification
from audit.models import AuditEntry
from tests.builders import PASSWORD

LOGIN = "/accounts/login/"


def _fail(client, username="clerk_T01", **meta):
    return client.post(LOGIN, {"username": username, "password": "Wrong-Password-1"}, **meta)


def _login(client, username="clerk_T01", **meta):
    return client.post(LOGIN, {"username": username, "password": PASSWORD}, **meta)


@pytest.fixture
def addresses():
    used = ["192.0.2.10", "192.0.2.11", "198.51.100.20", "10.0.0.9"]
    cache.delete_many([f"login-fail-addr:{a}" for a in used])
    yield used
    cache.delete_many([f"login-fail-addr:{a}" for a in used])


def test_the_first_lockout_lasts_minutes_not_half_an_hour(client, clerk):
    for _ in range(5):
        _fail(client)
    assert _login(client).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert _login(client).status_code == 302


def test_each_lockout_the_same_day_lasts_longer(client, clerk):
    start = timezone.now()
    for _ in range(5):
        _fail(client)
    with time_machine.travel(start + timedelta(minutes=6)):
        for _ in range(5):
            _fail(client)
    with time_machine.travel(start + timedelta(minutes=6 + 6)):
        assert _login(client).status_code == 429  # the second lockout: 10 minutes
    # (a try during the lockout starts it again: axes' default)
    with time_machine.travel(start + timedelta(minutes=6 + 6 + 11)):
        assert _login(client).status_code == 302


def test_many_failures_from_one_address_pause_logins_from_it(client, clerk, outsider,
                                                             settings, addresses):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    for n in range(8):  # spraying: a few tries at many names, none of them locked
        _fail(client, f"user{n}", REMOTE_ADDR="192.0.2.10")
    assert _login(client, "clerk_T02", REMOTE_ADDR="192.0.2.10").status_code == 200
    assert _login(client, "clerk_T02", REMOTE_ADDR="192.0.2.11").status_code == 302


def test_a_burst_alerts_the_administrators(client, clerk, admin_user, settings, addresses):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    for n in range(12):
        _fail(client, f"user{n}", REMOTE_ADDR="198.51.100.20")
    note = Notification.objects.get(user=admin_user)
    assert "198.51.100.20" in note.text
    assert AuditEntry.objects.filter(action="login_burst").count() == 1


def test_the_address_limit_counts_the_real_client_behind_a_trusted_proxy(
        client, clerk, settings, addresses):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    settings.TRUSTED_PROXIES = ["10.0.0.9"]
    for n in range(8):
        _fail(client, f"user{n}", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="192.0.2.10")
    # The attacker is paused; another citizen behind the same proxy is not.
    assert _login(client, REMOTE_ADDR="10.0.0.9",
                  HTTP_X_FORWARDED_FOR="192.0.2.10").status_code == 200
    assert _login(client, REMOTE_ADDR="10.0.0.9",
                  HTTP_X_FORWARDED_FOR="192.0.2.11").status_code == 302

"""Failed logins: a growing lockout per username, a limit per client address,
and an alert to the administrators on a burst (docs/security.md).

The per-username lockout is django-axes'; its cool-off (AXES_COOLOFF_TIME) is
`cool_off` below: 5 minutes the first time, then 10, 20 and at most 30 within
a day. A stranger can still delay a colleague's login, but only briefly, and
the address limit stops them trying many names.

The address limit counts failures per client address (REMOTE_ADDR, the real
one behind a trusted proxy: accounts.middleware.TrustedProxyMiddleware). A
township office shares one address, so the limit is generous.
"""

from datetime import timedelta
from typing import Any

import django.dispatch
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from accounts.models import User

LOCKOUT_STEPS_MINUTES = (5, 10, 20, 30)
DAY = 24 * 60 * 60


def _username(request: HttpRequest | None) -> str:
    from axes.helpers import get_client_username

    if request is None:
        return ""
    try:
        return str(get_client_username(request, getattr(request, "axes_credentials", None))
                   or "")
    except Exception:  # noqa: BLE001 - a malformed body: no username, the first step
        return ""


def _lockouts_today(username: str) -> int:
    return int(cache.get(f"lockouts:{username}", 0)) if username else 0


def cool_off(request: HttpRequest | None) -> timedelta:
    """AXES_COOLOFF_TIME: the longer, the more often this username was locked today."""
    locked = _lockouts_today(_username(request))
    step = min(max(locked - 1, 0), len(LOCKOUT_STEPS_MINUTES) - 1)
    return timedelta(minutes=LOCKOUT_STEPS_MINUTES[step])


def _locked_out(sender: object, request: HttpRequest, username: str | None,  # noqa: ARG001
                ip_address: str, **kwargs: Any) -> None:  # (axes signal)
    # axes also signals every attempt refused while locked; count only the
    # attempt that locks (its failure count has just reached the limit).
    name = str(username or "")
    failures = getattr(request, "axes_failures_since_start", None)
    if name and failures == settings.AXES_FAILURE_LIMIT:
        cache.add(f"lockouts:{name}", 0, timeout=DAY)
        cache.incr(f"lockouts:{name}")


def _address(request: HttpRequest | None) -> str:
    return (getattr(request, "META", None) or {}).get("REMOTE_ADDR", "") if request else ""


def address_blocked(address: str) -> bool:
    return bool(address) and int(cache.get(f"login-fail-addr:{address}", 0)) >= \
        settings.LOGIN_ADDRESS_FAILURE_LIMIT


def _failed(sender: object, credentials: dict[str, Any], request: HttpRequest | None = None,
            **kwargs: Any) -> None:
    address = _address(request)
    if not address:
        return
    key = f"login-fail-addr:{address}"
    cache.add(key, 0, timeout=settings.LOGIN_ADDRESS_WINDOW_SECONDS)
    count = cache.incr(key)
    if count == settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        login_burst_alert(address=address, failures=count, request=request)


# The bell belongs to the alerts app, a layer above accounts: it listens for this.
login_burst = django.dispatch.Signal()  # sends address, failures, minutes


def login_burst_alert(*, address: str, failures: int,
                      request: HttpRequest | None = None) -> None:
    """Write the audit row and tell the administrators (alerts.receivers)."""
    from audit.services import audit

    audit(action="login_burst", username="", data={"address": address, "failures": failures},
          request=request)
    login_burst.send(sender=None, address=address, failures=failures,
                     minutes=settings.LOGIN_ADDRESS_WINDOW_SECONDS // 60)


class AddressLimitBackend:
    """First in AUTHENTICATION_BACKENDS: refuses every login attempt from an
    address over the failure limit (the page, the admin and the token endpoint
    all authenticate through here)."""

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        if address_blocked(_address(request)):
            raise PermissionDenied
        return None

    def get_user(self, user_id: Any) -> User | None:
        # Being first, this is the backend `force_login` and the like record.
        from accounts.backends import ModelBackend

        return ModelBackend().get_user(user_id)


def connect() -> None:
    from axes.signals import user_locked_out

    user_login_failed.connect(_failed, dispatch_uid="accounts.address_limit")
    user_locked_out.connect(_locked_out, dispatch_uid="accounts.lockout_steps")

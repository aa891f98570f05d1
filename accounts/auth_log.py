"""Logins, logouts and failures go to the audit log (Django's auth signals).

These are the framework's own events, not our workflow, so a signal is the
one place that sees every login path (pages, admin, API token).
"""

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from accounts.middleware import SESSION_SEEN, SESSION_STARTED
from accounts.models import User
from audit.services import audit


def _logged_in(sender: object, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        # The login itself writes the session: it counts as the first renewal.
        request.session[SESSION_STARTED] = request.session[SESSION_SEEN] = time.time()
    audit(action="login", user=user, request=request)


def _logged_out(sender: object, request: HttpRequest | None, user: User | None,
                **kwargs: Any) -> None:
    if user is not None:
        audit(action="logout", user=user, request=request)


def _login_failed(sender: object, credentials: dict[str, Any],
                  request: HttpRequest | None = None, **kwargs: Any) -> None:
    # The password is never logged, only which username was tried.
    audit(action="login_failed", username=str(credentials.get("username", ""))[:150],
          request=request)


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="accounts.audit_login")
    user_logged_out.connect(_logged_out, dispatch_uid="accounts.audit_logout")
    user_login_failed.connect(_login_failed, dispatch_uid="accounts.audit_login_failed")

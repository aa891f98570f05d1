"""Session policy: absolute lifetime, forced password change, no caching.

Idle timeout is Django's own: SESSION_COOKIE_AGE (30 minutes) renewed on every
request (SESSION_SAVE_EVERY_REQUEST). The absolute lifetime (12 hours from the
login) and the 90-day password expiry are enforced here.
"""

import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django_otp import user_has_device

from accounts.models import AnyUser, User

SESSION_STARTED = "auth_started_at"
SESSION_SEEN = "seen_at"


def otp_required(user: AnyUser) -> bool:
    from accounts.two_factor import otp_required as required

    return required(user)


GetResponse = Callable[[HttpRequest], HttpResponseBase]


class SessionPolicyMiddleware:
    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user: AnyUser | None = getattr(request, "user", None)
        fragment = is_fragment_request(request)
        if user is not None and user.is_authenticated:
            redirect_to = self._enforce(request, user, fragment=fragment)
            if redirect_to is not None:
                return redirect_to
        response = self.get_response(request)
        if fragment and response.status_code == 302 and response["Location"].startswith(
                resolve_url(settings.LOGIN_URL)):
            # A fragment (the bell) of a signed-out page: the login page must
            # not be swapped into the navigation bar (issue 17, item 11).
            return HttpResponse(status=401)
        if user is not None and user.is_authenticated:
            # Pages carry personal data: never keep them in a shared or back cache.
            patch_cache_control(response, no_store=True, private=True)
        return response

    def _enforce(self, request: HttpRequest, user: User, *,
                 fragment: bool = False) -> HttpResponseBase | None:
        now = time.time()
        # Idle timeout: writing the session renews its 30-minute expiry; do it
        # at most once a minute rather than on every request.
        if now - request.session.get(SESSION_SEEN, 0) > settings.SESSION_RENEW_SECONDS:
            request.session[SESSION_SEEN] = now
        started = request.session.get(SESSION_STARTED)
        if started is None:
            request.session[SESSION_STARTED] = time.time()
        elif time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
            logout(request)
            if fragment:
                return HttpResponse(status=401)
            messages.info(request, _("Your session has ended. Please log in again."))
            return redirect(settings.LOGIN_URL)
        if request.path.startswith("/static/") or request.path in _exempt_paths():
            return None
        if fragment and _step_pending(request, user):
            # The page itself is on its way to the set-up, code or password
            # page; its fragments get nothing, and leave no message behind.
            return HttpResponse(status=204)
        if otp_required(user) and not user.is_verified():
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("Two-factor authentication is required.")},
                                    status=403)
            if user_has_device(user):
                return redirect(f"{reverse('accounts:otp_verify')}?next={request.path}")
            messages.info(request, _("Your role requires two-factor authentication: "
                                     "set it up with an authenticator app."))
            return redirect("accounts:otp_setup")
        changed = user.password_changed_at
        max_age = timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)
        if changed is None or timezone.now() - changed > max_age:
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("Your password has expired. Please choose a "
                                                 "new one.")}, status=403)
            messages.warning(request, _("Your password has expired. Please choose a new one."))
            return redirect("accounts:password_change")
        return None


def _exempt_paths() -> set[str]:
    return {reverse("accounts:password_change"), reverse("accounts:password_change_done"),
            reverse("accounts:logout"), reverse("set_language"),
            reverse("accounts:otp_setup"), reverse("accounts:otp_verify")}


class TrustedProxyMiddleware:
    """REMOTE_ADDR becomes the real client's address when the request came
    through one of our own proxies (TRUSTED_PROXIES).

    Rate limits, the lockout and the audit log all read REMOTE_ADDR. Behind the
    TLS proxy it is the proxy's address, shared by every citizen; but
    X-Forwarded-For is written by the client too, so it is believed only when
    the direct peer is a trusted proxy, and then only its last untrusted entry.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        trusted = set(settings.TRUSTED_PROXIES)
        peer = request.META.get("REMOTE_ADDR", "")
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if peer in trusted and forwarded:
            hops = [h.strip() for h in forwarded.split(",") if h.strip()]
            while hops and hops[-1] in trusted:
                hops.pop()
            if hops:
                request.META["REMOTE_ADDR"] = hops[-1]
        return self.get_response(request)


def is_fragment_request(request: HttpRequest) -> bool:
    """An htmx request for a piece of a page (the bell), not a page."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-Boosted")


def _step_pending(request: HttpRequest, user: User) -> bool:
    """Must the user set up or give a second factor, or change the password, first?"""
    if request.path.startswith("/api/"):
        return False
    if otp_required(user) and not user.is_verified():
        return True
    changed = user.password_changed_at
    return changed is None or timezone.now() - changed > timedelta(
        days=settings.PASSWORD_MAX_AGE_DAYS)

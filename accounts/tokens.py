"""API tokens: DRF's token with a lifetime, revocation and the two-factor rule.

A token is issued by `POST /api/v1/auth/token/` (accounts.api), never for a
password alone to a role in OTP_REQUIRED_ROLES. It is refused when it is older
than API_TOKEN_HOURS, older than the user's last password change, when the
password has expired, when the user is inactive, or (for a two-factor role)
when it was not issued against a valid code. Logout and password change delete
the user's tokens (docs/security.md).
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from accounts.models import TokenGrant, User


def password_expired(user: User, *, now: datetime) -> bool:
    changed = user.password_changed_at
    return changed is None or now - changed > timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        from accounts.two_factor import otp_required

        token = (Token.objects.select_related("user", "user__org_unit", "grant")
                 .filter(key=key).first())
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user, now = token.user, timezone.now()
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if now - token.created > timedelta(hours=settings.API_TOKEN_HOURS) or (
                user.password_changed_at and token.created < user.password_changed_at):
            token.delete()
            raise exceptions.AuthenticationFailed(_("The token has expired. Ask for a new one."))
        if password_expired(user, now=now):
            raise exceptions.AuthenticationFailed(
                _("Your password has expired. Please choose a new one."))
        grant = getattr(token, "grant", None)
        if otp_required(user) and not (grant and grant.two_factor):
            raise exceptions.AuthenticationFailed(
                _("Two-factor authentication is required."))
        return user, token


@transaction.atomic
def api_token_issue(*, user: User, two_factor: bool) -> Token:
    """A fresh token for `user`; the one they had before stops working."""
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    TokenGrant.objects.create(token=token, two_factor=two_factor)
    return token


def api_tokens_revoke(*, user: User) -> int:
    deleted, _rows = Token.objects.filter(user=user).delete()
    return deleted


def _revoke_at_logout(sender: object, request: object, user: User | None,
                      **kwargs: Any) -> None:
    if user is not None:
        api_tokens_revoke(user=user)


def connect() -> None:
    user_logged_out.connect(_revoke_at_logout, dispatch_uid="accounts.revoke_tokens_at_logout")

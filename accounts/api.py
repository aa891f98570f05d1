from collections.abc import Sequence

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import match_token
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.authentication import BaseAuthentication
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import OrgUnit, User
from accounts.roles import signed_in
from accounts.scoping import units_for
from accounts.tokens import api_token_issue, api_tokens_revoke, password_expired
from accounts.two_factor import otp_required
from audit.services import audit


class OrgUnitSerializer(serializers.ModelSerializer[OrgUnit]):
    # DRF's Field has a `parent` attribute (its serializer) that the stubs type; a
    # declared field of that name is moved into `fields` by the metaclass, so the
    # two never meet at run time.
    parent = serializers.SlugRelatedField[OrgUnit](  # type: ignore[assignment]
        slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = OrgUnit
        fields = ["code", "name", "kind", "parent"]


class OrgUnitViewSet(viewsets.ReadOnlyModelViewSet[OrgUnit]):
    """The org units in the caller's scope: the whole tree for city roles."""

    serializer_class = OrgUnitSerializer
    lookup_field = "code"
    filterset_fields = ["kind"]

    def get_queryset(self) -> QuerySet[OrgUnit]:
        return units_for(self.request.user).select_related("parent").order_by("path")


class TokenRequestSerializer(AuthTokenSerializer):
    code = serializers.CharField(label=_("Two-factor code"), required=False, allow_blank=True,
                                 max_length=6, write_only=True)


class TokenView(APIView):
    """POST {username, password, code} -> {token}; DELETE revokes the caller's token.

    Roles in OTP_REQUIRED_ROLES must send `code`, the current TOTP of their
    enrolled device. A token lives API_TOKEN_HOURS (accounts.tokens).
    """

    parser_classes = [JSONParser]
    throttle_classes = []

    def _asking(self) -> bool:
        return getattr(self.request, "method", None) == "POST"

    def get_permissions(self) -> Sequence[BasePermission]:
        return [AllowAny()] if self._asking() else [IsAuthenticated()]

    def get_authenticators(self) -> list[BaseAuthentication]:
        # Asking for a token needs no credentials but the body's; a stale
        # Authorization header must not turn it into a 401.
        return [] if self._asking() else super().get_authenticators()

    @extend_schema(request=TokenRequestSerializer,
                   responses={200: inline_serializer("Token", {"token": serializers.CharField()})})
    def post(self, request: Request) -> Response:
        body = TokenRequestSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        user: User = body.validated_data["user"]
        two_factor = False
        if otp_required(user):
            code = body.validated_data.get("code") or ""
            if not code or match_token(user, code) is None:
                audit(action="otp_failed", user=user, data={"via": "token"}, request=request)
                raise serializers.ValidationError(
                    {"code": [_("Your role needs the six-digit code from your authenticator "
                                "app.")]})
            two_factor = True
        if password_expired(user, now=timezone.now()):
            raise serializers.ValidationError(
                {"password": [_("Your password has expired. Please choose a new one.")]})
        token = api_token_issue(user=user, two_factor=two_factor)
        audit(action="login", user=user, data={"via": "token", "two_factor": two_factor},
              request=request)
        return Response({"token": token.key})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        api_tokens_revoke(user=signed_in(request.user))
        audit(action="logout", user=request.user, data={"via": "token"}, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)

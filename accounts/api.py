from rest_framework import serializers, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import JSONParser

from accounts.models import OrgUnit
from accounts.scoping import units_for


class OrgUnitSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = OrgUnit
        fields = ["code", "name", "kind", "parent"]


class OrgUnitViewSet(viewsets.ReadOnlyModelViewSet):
    """The org units in the caller's scope: the whole tree for city roles."""

    serializer_class = OrgUnitSerializer
    lookup_field = "code"
    filterset_fields = ["kind"]

    def get_queryset(self):
        return units_for(self.request.user).select_related("parent").order_by("path")


class TokenView(ObtainAuthToken):
    """POST {username, password} -> {token}; JSON only, like the rest of the API."""

    parser_classes = [JSONParser]

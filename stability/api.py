"""The stability API (api.md, Stability): the same selectors and services as the pages."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import User
from accounts.scoping import units_for
from idempotency.api import idempotent_create
from stability import services
from stability.filters import MatterFilter
from stability.models import Category, ContactLog, MatterEvent, RiskLevel, RiskMatter
from stability.permissions import can_work_on_matters
from stability.selectors import matter_get_for, matter_list_for, screening_item_get_for


class ContactSerializer(serializers.ModelSerializer):
    met_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ContactLog
        fields = ["id", "on", "met_by", "summary", "outcome", "next_step"]


class MatterSerializer(serializers.ModelSerializer):
    org_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    leader = serializers.SlugRelatedField(slug_field="username", read_only=True)
    screening_item = serializers.IntegerField(source="screening_item_id", read_only=True)
    petition = serializers.IntegerField(source="petition_id", read_only=True)

    class Meta:
        model = RiskMatter
        read_only_fields = ["number"]
        fields = ["id", "number", "title", "category", "org_unit", "people_involved", "people_count",
                  "risk_level", "leader", "plan", "status", "source", "screening_item",
                  "petition", "opened_on", "resolved_on", "outcome", "created_at"]


class MatterDetailSerializer(MatterSerializer):
    contacts = ContactSerializer(many=True, read_only=True)

    class Meta(MatterSerializer.Meta):
        fields = [*MatterSerializer.Meta.fields, "contacts"]


class MatterCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    category = serializers.ChoiceField(choices=Category.choices)
    org_unit = serializers.CharField()
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices)
    people_involved = serializers.CharField(max_length=300)
    people_count = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    leader = serializers.CharField()
    plan = serializers.CharField(required=False, allow_blank=True, default="")
    screening_item = serializers.IntegerField(min_value=1, required=False, allow_null=True)

    def validate_org_unit(self, value):
        unit = units_for(self.context["request"].user).filter(code=value.strip().upper()).first()
        if unit is None:
            raise serializers.ValidationError(_("No such unit in your scope."))
        return unit

    def validate_screening_item(self, value):
        if value is None:
            return None
        item = screening_item_get_for(user=self.context["request"].user, pk=value)
        if item is None:
            raise serializers.ValidationError(_("No such screening item in your scope."))
        return item

    def validate(self, data):
        item = data.get("screening_item")
        if item is not None and item.report.org_unit_id != data["org_unit"].pk:
            raise serializers.ValidationError(
                {"screening_item": [_("The item was reported by another unit.")]})
        return data

    def validate_leader(self, value):
        # An unknown username gets the same answer as someone who leads another
        # unit (from the service), so the API does not reveal who has an account.
        return User.objects.filter(username=value, is_active=True).select_related(
            "org_unit").first()


class ContactInput(serializers.Serializer):
    on = serializers.DateField()
    summary = serializers.CharField()
    outcome = serializers.CharField()
    next_step = serializers.CharField(required=False, allow_blank=True, default="",
                                      max_length=300)


class ResolveInput(serializers.Serializer):
    on = serializers.DateField()
    outcome = serializers.CharField()


class PlanInput(serializers.Serializer):
    plan = serializers.CharField()
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices, required=False)


class MatterEventSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = MatterEvent
        fields = ["at", "actor", "action", "from_status", "to_status", "note"]


class MatterViewSet(viewsets.ReadOnlyModelViewSet):
    """Risk matters in the caller's scope; another unit's matter is a 404."""

    serializer_class = MatterSerializer
    filterset_class = MatterFilter
    filter_backends = []  # the selector applies MatterFilter itself

    def get_queryset(self):
        filterset, queryset = matter_list_for(user=self.request.user,
                                              filters=self.request.query_params)
        if self.action == "list" and not filterset.is_valid():
            raise serializers.ValidationError(filterset.errors)
        return queryset

    def get_object(self):
        return matter_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_serializer_class(self):
        return MatterDetailSerializer if self.action != "list" else MatterSerializer

    def _record(self, matter_id):
        matter = matter_get_for(user=self.request.user, pk=matter_id)
        return Response(MatterDetailSerializer(matter).data)

    @extend_schema(request=MatterCreateSerializer, responses={201: MatterDetailSerializer})
    @idempotent_create
    def create(self, request):
        if not can_work_on_matters(request.user):
            raise PermissionDenied
        data = MatterCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        matter = services.matter_create(actor=request.user, **data.validated_data)
        return Response(MatterDetailSerializer(matter).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ContactInput, responses=MatterDetailSerializer)
    @action(detail=True, methods=["post"])
    def log_contact(self, request, pk=None):
        matter = self.get_object()
        data = ContactInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.matter_log_contact(matter_id=matter.pk, actor=request.user, **data.validated_data)
        return self._record(matter.pk)

    @extend_schema(request=ResolveInput, responses=MatterDetailSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        matter = self.get_object()
        data = ResolveInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.matter_resolve(matter_id=matter.pk, actor=request.user, **data.validated_data)
        return self._record(matter.pk)

    @extend_schema(request=PlanInput, responses=MatterDetailSerializer)
    @action(detail=True, methods=["post"])
    def update_plan(self, request, pk=None):
        matter = self.get_object()
        data = PlanInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.matter_update_plan(matter_id=matter.pk, actor=request.user,
                                    **data.validated_data)
        return self._record(matter.pk)

    @extend_schema(responses=MatterEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        matter = self.get_object()
        events = matter.events.select_related("actor").order_by("at", "id")
        return Response(MatterEventSerializer(events, many=True).data)

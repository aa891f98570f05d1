"""REST API for joint meetings (api.md, second wave): `/api/v1/meetings/`."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.models import OrgUnit, User
from backlog.models import Campaign
from core.api import Pagination
from idempotency.api import idempotent_create
from meetings import permissions, selectors, services
from meetings.models import Meeting, MeetingItem

MAX_ID = 2**63 - 1  # a bigint: anything larger is a 400, never a database error
_unit = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())


class MeetingItemSerializer(serializers.ModelSerializer):
    lead_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    target_number = serializers.SerializerMethodField()
    supervision_order = serializers.SlugRelatedField(slug_field="number", read_only=True,
                                                     allow_null=True)

    class Meta:
        model = MeetingItem
        fields = ["id", "position", "target_type", "target_id", "target_number", "subject",
                  "decision", "lead_unit", "due_on", "supervision_order", "backlog_case"]

    def get_target_number(self, item) -> str | None:
        if item.target_type not in ("petition", "supervision_order") or item.target_id is None:
            return None
        model = services.TARGET_MODELS[item.target_type]
        return model.objects.filter(pk=item.target_id).values_list("number", flat=True).first()


class MeetingSerializer(serializers.ModelSerializer):
    units = serializers.SlugRelatedField(source="attending_units", slug_field="code",
                                         many=True, read_only=True)
    items = MeetingItemSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "held_on", "title", "number", "units", "campaign", "summary", "items"]


class ItemInSerializer(serializers.Serializer):
    target_type = serializers.ChoiceField(MeetingItem.TargetType.choices, required=False,
                                          allow_blank=True, default="")
    target_id = serializers.IntegerField(required=False, allow_null=True, default=None,
                                         min_value=1, max_value=MAX_ID)
    subject = serializers.CharField(required=False, allow_blank=True, default="",
                                    max_length=200)
    decision = serializers.CharField(max_length=5000)
    lead_unit = _unit
    due_on = serializers.DateField()


class MeetingInSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    title = serializers.CharField(max_length=200)
    number = serializers.CharField(required=False, allow_blank=True, default="", max_length=50)
    units = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all(),
                                         many=True, required=False, default=list)
    campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.all(),
                                                  required=False, allow_null=True, default=None)
    summary = serializers.CharField(required=False, allow_blank=True, default="",
                                    max_length=20_000)
    items = ItemInSerializer(many=True, allow_empty=False, max_length=100)


class MakeOrderSerializer(serializers.Serializer):
    item = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    level = serializers.ChoiceField([("general", "general"), ("key", "key"),
                                     ("listed", "listed")], default="key")


class MakeCaseSerializer(serializers.Serializer):
    item = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.all())
    leader = serializers.SlugRelatedField(slug_field="username",
                                          queryset=User.objects.filter(is_active=True))


class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = MeetingSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination

    def get_queryset(self):
        return selectors.meeting_list_for(user=self.request.user)

    def get_object(self):
        return selectors.meeting_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def _answer(self, meeting_id, code=status.HTTP_200_OK):
        meeting = selectors.meeting_get_for(user=self.request.user, pk=meeting_id)
        return Response(MeetingSerializer(meeting).data, status=code)

    @extend_schema(request=MeetingInSerializer, responses={201: MeetingSerializer})
    @idempotent_create
    def create(self, request, *args, **kwargs):
        if not permissions.can_record(request.user):
            raise PermissionDenied(_("Only the city office records joint meetings."))
        body = MeetingInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        meeting = services.meeting_create(actor=request.user, **body.validated_data)
        return self._answer(meeting.pk, status.HTTP_201_CREATED)

    def _item(self, pk, item_pk):
        meeting = self.get_object()
        item = selectors.item_get_for(user=self.request.user, pk=item_pk)
        if item.meeting_id != meeting.pk:
            raise selectors.not_found(MeetingItem.objects.none(), pk=item_pk)
        return item

    @extend_schema(request=MakeOrderSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def make_order(self, request, pk=None):
        body = MakeOrderSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = self._item(pk, body.validated_data["item"])
        services.item_make_order(actor=request.user, item_id=item.pk,
                                 level=body.validated_data["level"])
        return self._answer(item.meeting_id)

    @extend_schema(request=MakeCaseSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def make_backlog_case(self, request, pk=None):
        body = MakeCaseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = self._item(pk, body.validated_data["item"])
        services.item_make_backlog_case(actor=request.user, item_id=item.pk,
                                        campaign=body.validated_data["campaign"],
                                        leader=body.validated_data["leader"])
        return self._answer(item.meeting_id)

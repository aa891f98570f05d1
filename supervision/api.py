"""The supervision API (api.md, Supervision)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import OrgUnit
from core.dates import local_today
from idempotency.api import idempotent_create
from supervision import selectors, services
from supervision.models import AssessmentScore, Notice, SupervisionOrder


class UnitField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=OrgUnit.objects.filter(is_active=True),
                         **kwargs)


class OrderSerializer(serializers.ModelSerializer):
    org_unit = UnitField()
    overdue = serializers.SerializerMethodField()
    # The record's own number (XF-2026-000229) may replace target_id; answers carry both.
    target_id = serializers.IntegerField(min_value=1, required=False)
    target_number = serializers.CharField(max_length=30, required=False, allow_blank=True)
    # Issuing about a closed record, or one of another unit, needs a reason.
    confirm_reason = serializers.CharField(max_length=2000, required=False, allow_blank=True,
                                           write_only=True)

    class Meta:
        model = SupervisionOrder
        fields = ["id", "number", "target_type", "target_id", "target_number", "target_label",
                  "org_unit", "level", "due_on", "instructions", "status", "escalation",
                  "escalated_on", "response_note", "responded_on", "issued_on", "closed_on",
                  "overdue", "confirm_reason"]
        read_only_fields = ["number", "target_label", "status", "escalation", "escalated_on",
                            "response_note", "responded_on", "issued_on", "closed_on"]

    def to_representation(self, order):
        out = super().to_representation(order)
        out["target_number"] = services.order_target_number(order)
        return out

    def get_overdue(self, order) -> bool:
        return order.days_overdue(local_today()) > 0


class OrderEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.username", default=None)
    action = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    note = serializers.CharField()
    data = serializers.JSONField()


class RespondSerializer(serializers.Serializer):
    note = serializers.CharField()


class EscalateSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=SupervisionOrder.ESCALATION_LADDER[1:])
    note = serializers.CharField(required=False, allow_blank=True, default="")


class OrderViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = OrderSerializer
    filterset_fields = ["status", "level", "target_type", "escalation"]

    def get_queryset(self):
        return selectors.order_list_for(user=self.request.user)

    def get_object(self):
        return selectors.order_get_for(user=self.request.user, pk=self.kwargs["pk"])

    @idempotent_create
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        order = services.order_create(
            actor=request.user, target_type=data["target_type"],
            target_id=data.get("target_id"), target_number=data.get("target_number", ""),
            org_unit=data["org_unit"], level=data["level"], due_on=data["due_on"],
            instructions=data["instructions"], confirm_reason=data.get("confirm_reason", ""))
        return Response(OrderSerializer(order).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RespondSerializer, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        order = self.get_object()
        body = RespondSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        order = services.order_respond(actor=request.user, order_id=order.pk,
                                       note=body.validated_data["note"])
        return Response(OrderSerializer(order).data)

    @extend_schema(request=None, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        order = self.get_object()
        order = services.order_close(actor=request.user, order_id=order.pk,
                                     note=str(request.data.get("note", "")))
        return Response(OrderSerializer(order).data)

    @extend_schema(request=EscalateSerializer, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        order = self.get_object()
        body = EscalateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        order = services.order_escalate(actor=request.user, order_id=order.pk,
                                        to=body.validated_data["to"],
                                        note=body.validated_data["note"])
        return Response(OrderSerializer(order).data)

    @extend_schema(responses=OrderEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        order = self.get_object()
        return Response(OrderEventSerializer(order.events.select_related("actor"), many=True).data)


class EvidenceSerializer(serializers.Serializer):
    type = serializers.CharField()
    id = serializers.IntegerField()
    label = serializers.CharField(required=False, allow_blank=True, default="")


class NoticeSerializer(serializers.ModelSerializer):
    org_unit = UnitField()
    evidence = EvidenceSerializer(many=True, required=False)

    class Meta:
        model = Notice
        fields = ["id", "org_unit", "title", "body", "evidence", "published_on"]
        read_only_fields = ["published_on"]


class NoticeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = NoticeSerializer

    def get_queryset(self):
        return selectors.notice_list_for(user=self.request.user)

    @idempotent_create
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        notice = services.notice_publish(actor=request.user, org_unit=data["org_unit"],
                                         title=data["title"], body=data["body"],
                                         evidence=data.get("evidence", []))
        return Response(NoticeSerializer(notice).data, status=status.HTTP_201_CREATED)


class ScoreSerializer(serializers.ModelSerializer):
    org_unit = serializers.CharField(source="org_unit.code")
    score = serializers.FloatField()

    class Meta:
        model = AssessmentScore
        fields = ["org_unit", "score", "rank", "deductions"]


class AssessmentQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    month = serializers.IntegerField(min_value=1, max_value=12, required=False)
    quarter = serializers.IntegerField(min_value=1, max_value=4, required=False)


class AssessmentView(APIView):
    """The ranking of a month (?year=&month=), a quarter (?year=&quarter=) or a year."""

    @extend_schema(parameters=[AssessmentQuery], responses=ScoreSerializer(many=True))
    def get(self, request):
        query = AssessmentQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        kind, period = period_from(query.validated_data)
        scores = selectors.ranking_for(user=request.user, year=query.validated_data["year"],
                                       period_kind=kind, period=period)
        return Response(ScoreSerializer(scores, many=True).data)


def period_from(data: dict) -> tuple[str, int]:
    if data.get("month"):
        return AssessmentScore.PeriodKind.MONTH, data["month"]
    if data.get("quarter"):
        return AssessmentScore.PeriodKind.QUARTER, data["quarter"]
    return AssessmentScore.PeriodKind.YEAR, 0

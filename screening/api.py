"""Screening API (api.md, Screening): the same selectors and services as the pages."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import OrgUnit
from accounts.scoping import units_for
from idempotency.api import idempotent_create
from screening.models import Category, RiskLevel, ScreeningItem, ScreeningPeriod, ScreeningReport
from screening.permissions import can_file
from screening.selectors import completeness_for, report_get_for, report_items, report_list_for
from screening.services import ItemData, screening_report_create, screening_report_return


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScreeningPeriod
        fields = ["id", "year", "month", "opens_on", "due_on", "locks_on", "methods"]


class ItemSerializer(serializers.ModelSerializer):
    category = serializers.ChoiceField(choices=Category.choices)
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices)
    people_involved = serializers.IntegerField(min_value=0, max_value=100000, default=1)
    # The matter the item was raised to (report_items() annotates it).
    stability_matter_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = ScreeningItem
        fields = ["id", "category", "description", "parties", "people_involved", "risk_level",
                  "measures", "resolved", "stability_matter_id"]
        read_only_fields = ["id", "stability_matter_id"]


class ReportSerializer(serializers.ModelSerializer):
    period = serializers.PrimaryKeyRelatedField(queryset=ScreeningPeriod.objects.all())
    org_unit = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.none())
    # The page's formset allows 50 items; so does the API (issue 16).
    items = ItemSerializer(many=True, required=False, default=list, max_length=50)

    class Meta:
        model = ScreeningReport
        fields = ["id", "period", "org_unit", "zero_report", "method", "screened_by", "status",
                  "items", "submitted_at",
                  "first_submitted_at", "late", "returned_reason"]
        read_only_fields = ["id", "status", "submitted_at", "first_submitted_at", "late",
                            "returned_reason"]
        # The one-report rule is the service's (a 409), not a serializer 400.
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # A unit outside the caller's scope is unknown to them.
            self.fields["org_unit"].queryset = units_for(request.user)


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class PeriodViewSet(viewsets.ReadOnlyModelViewSet):
    """The monthly periods, newest first (created by the scheduler and seed_demo)."""

    serializer_class = PeriodSerializer
    queryset = ScreeningPeriod.objects.order_by("-year", "-month")
    filterset_fields = ["year", "month"]


class ReportViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):
    serializer_class = ReportSerializer
    filterset_fields = ["period", "status", "late", "zero_report"]

    def get_queryset(self):
        return report_list_for(user=self.request.user).prefetch_related(
            Prefetch("items", report_items()))

    def get_object(self):
        return report_get_for(user=self.request.user, pk=self.kwargs["pk"])

    @idempotent_create
    def create(self, request, *args, **kwargs):
        if not can_file(request.user):
            raise PermissionDenied("Your role may not file screening reports.")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report = screening_report_create(
            actor=request.user, period=data["period"], org_unit=data["org_unit"],
            zero_report=data["zero_report"],
            method=data.get("method") or None, screened_by=data.get("screened_by", ""),
            items=[ItemData(**item) for item in data.get("items", [])])
        report = report_get_for(user=request.user, pk=report.pk)
        return Response(self.get_serializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReturnSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_report(self, request, pk=None):
        report = self.get_object()  # scope first: out of scope is a 404, not a 403
        body = ReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        screening_report_return(report_id=report.pk, actor=request.user,
                                reason=body.validated_data["reason"])
        return Response(self.get_serializer(report_get_for(user=request.user, pk=pk)).data)


class CompletenessView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("period", int, required=True)],
        responses=inline_serializer("Completeness", {
            "period": serializers.IntegerField(), "expected": serializers.IntegerField(),
            "on_time": serializers.IntegerField(), "late": serializers.IntegerField(),
            "missing": serializers.ListField(child=serializers.CharField())}))
    def get(self, request):
        raw = request.query_params.get("period", "")
        if not raw.isdigit():
            return Response({"period": ["Give the period's id, e.g. ?period=12."]},
                            status=status.HTTP_400_BAD_REQUEST)
        period = get_object_or_404(ScreeningPeriod, pk=int(raw))
        return Response(completeness_for(user=request.user, period=period).as_api())

"""Screening API (api.md, Screening): the same selectors and services as the pages."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import OrgUnit
from accounts.scoping import get_scoped_or_404, units_for
from core.dates import local_today
from idempotency.api import idempotent_create
from screening.models import Category, RiskLevel, ScreeningItem, ScreeningPeriod, ScreeningReport
from screening.permissions import can_file
from screening.selectors import completeness_for, report_get_for, report_items, report_list_for
from screening.services import ItemData, screening_report_create, screening_report_return
from screening.villages import village_completeness


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
                  "first_submitted_at", "late", "returned_reason", "villages_missing"]
        read_only_fields = ["id", "status", "submitted_at", "first_submitted_at", "late",
                            "returned_reason", "villages_missing"]
        # The one-report rule is the service's (a 409), not a serializer 400.
        validators = []

    # A township's report: the codes of the villages that owed a report and had not
    # filed it when the township submitted (issue 20, item 5).
    villages_missing = serializers.ListField(child=serializers.CharField(), read_only=True,
                                             source="villages_missing_codes")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # A unit outside the caller's scope is unknown to them.
            self.fields["org_unit"].queryset = units_for(request.user)


class VillageReportSerializer(serializers.Serializer):
    org_unit = serializers.CharField(source="unit.code")
    expected = serializers.BooleanField()
    state = serializers.CharField()
    report = ReportSerializer(allow_null=True)


class ReportDetailSerializer(ReportSerializer):
    """One report; a township's carries its villages' reports with their items."""

    villages = serializers.SerializerMethodField()

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "villages"]

    @extend_schema_field(VillageReportSerializer(many=True, allow_null=True))
    def get_villages(self, report):
        if report.org_unit.kind != OrgUnit.Kind.TOWNSHIP:
            return None
        villages = village_completeness(township=report.org_unit, period=report.period,
                                        today=local_today(), with_items=True)
        return VillageReportSerializer(villages.rows, many=True, context=self.context).data


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

    def get_serializer_class(self):
        return ReportDetailSerializer if self.action != "list" else ReportSerializer

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
        parameters=[OpenApiParameter("period", int, required=True),
                    OpenApiParameter("township", str, required=False,
                                     description="A township's code: its villages' completeness "
                                                 "(expected, filed, late, returned, missing).")],
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
        code = request.query_params.get("township", "").strip().upper()
        if code:
            township = get_scoped_or_404(OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP),
                                         request.user, unit_field="", code=code)
            return Response(village_completeness(township=township, period=period,
                                                 today=local_today()).as_api())
        return Response(completeness_for(user=request.user, period=period).as_api())

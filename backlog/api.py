"""The backlog API (api.md, Backlog): the same selectors and services as the pages."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import OrgUnit, User
from backlog import services
from backlog.imports import cases_import
from backlog.models import BacklogCase, Campaign, OutcomeDocument
from backlog.selectors import backlog_stats, case_filters_from, case_get_for, case_list_for
from idempotency.api import idempotent_create
from petitions.models import Petition
from petitions.selectors import petition_scope


class CampaignSerializer(serializers.ModelSerializer):
    class Meta:
        model = Campaign
        fields = ["id", "name", "year", "starts_on", "ends_on", "launched_by_meeting",
                  "meeting_on", "target_rate"]


class CaseSerializer(serializers.ModelSerializer):
    org_unit = serializers.CharField(source="org_unit.code")
    leader = serializers.CharField(source="leader.username")
    petition_number = serializers.SerializerMethodField()

    class Meta:
        model = BacklogCase
        read_only_fields = ["number"]
        fields = ["id", "number", "campaign", "petition", "petition_number", "title", "org_unit",
                  "leader", "due_on", "status", "plan", "plan_submitted_on", "resolved_on",
                  "outcome", "outcome_document", "satisfaction_signed", "verified_on", "return_reason", "assigned_on", "created_at",
                  "updated_at"]

    def get_petition_number(self, obj) -> str | None:
        return obj.petition.number if obj.petition_id else None


class CaseCreateSerializer(serializers.Serializer):
    campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.all())
    petition = serializers.IntegerField(allow_null=True, required=False)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    org_unit = serializers.SlugRelatedField(slug_field="code",
                                            queryset=OrgUnit.objects.filter(is_active=True))
    leader = serializers.SlugRelatedField(slug_field="username",
                                          queryset=User.objects.filter(is_active=True))
    due_on = serializers.DateField()

    def validate(self, attrs):
        pid = attrs.get("petition")
        attrs["petition"] = None
        if pid is not None:
            user = self.context["request"].user
            petition = petition_scope(Petition.objects.all(), user).filter(pk=pid).first()
            if petition is None:
                raise serializers.ValidationError({"petition": ["Unknown petition."]})
            attrs["petition"] = petition
            attrs["title"] = attrs.get("title") or petition.title
        if not attrs.get("title"):
            raise serializers.ValidationError({"title": ["This field is required."]})
        return attrs


class PlanSerializer(serializers.Serializer):
    plan = serializers.CharField()


class ProgressSerializer(serializers.Serializer):
    on = serializers.DateField()
    note = serializers.CharField()


class ResolveSerializer(serializers.Serializer):
    on = serializers.DateField()
    outcome_document = serializers.ChoiceField(choices=OutcomeDocument.choices,
                                               default=OutcomeDocument.AGREEMENT)
    satisfaction_signed = serializers.BooleanField(default=False)
    outcome = serializers.CharField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class EmptySerializer(serializers.Serializer):
    pass


class CampaignViewSet(mixins.CreateModelMixin, mixins.ListModelMixin,
                      mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CampaignSerializer
    queryset = Campaign.objects.all()
    create = idempotent_create(mixins.CreateModelMixin.create)

    def perform_create(self, serializer):
        serializer.instance = services.campaign_create(actor=self.request.user,
                                                       **serializer.validated_data)


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CaseSerializer

    def get_queryset(self):
        return case_list_for(user=self.request.user, filters=case_filters_from(self.request.query_params))

    def get_object(self):
        return case_get_for(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=CaseCreateSerializer, responses={201: CaseSerializer})
    @idempotent_create
    def create(self, request):
        data = CaseCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        case = services.case_create(actor=request.user, **data.validated_data)
        return Response(CaseSerializer(case).data, status=status.HTTP_201_CREATED)

    def _act(self, request, serializer_class, service, **extra):
        case = self.get_object()  # scope first: another unit's case is a 404
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        service(case_id=case.pk, actor=request.user, **data.validated_data, **extra)
        return Response(CaseSerializer(case_get_for(user=request.user, pk=case.pk)).data)

    @extend_schema(request=PlanSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def submit_plan(self, request, pk=None):
        return self._act(request, PlanSerializer, services.case_submit_plan)

    @extend_schema(request=ProgressSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def report_progress(self, request, pk=None):
        return self._act(request, ProgressSerializer, services.case_report_progress)

    @extend_schema(request=ResolveSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        return self._act(request, ResolveSerializer, services.case_resolve)

    @extend_schema(request=EmptySerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self._act(request, EmptySerializer, services.case_verify)

    @extend_schema(request=ReasonSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._act(request, ReasonSerializer, services.case_reopen)


class UnitStatsSerializer(serializers.Serializer):
    org_unit = serializers.CharField()
    total = serializers.IntegerField()
    resolved = serializers.IntegerField()
    verified = serializers.IntegerField()


class StatsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    resolved = serializers.IntegerField()
    verified = serializers.IntegerField()
    resolution_rate = serializers.FloatField()
    by_unit = UnitStatsSerializer(many=True)


class StatsView(APIView):
    @extend_schema(responses=StatsSerializer)
    def get(self, request):
        campaign = request.query_params.get("campaign")
        if campaign and not campaign.isdigit():
            raise ValidationError({"campaign": ["A campaign id is a number."]})
        return Response(backlog_stats(user=request.user, campaign_id=campaign or None))


class ImportSerializer(serializers.Serializer):
    campaign = serializers.IntegerField()
    file = serializers.FileField()


class ImportView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(request=ImportSerializer, responses={201: None, 400: None})
    def post(self, request):
        data = ImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        campaign = get_object_or_404(Campaign, pk=data.validated_data["campaign"])
        result = cases_import(actor=request.user, campaign=campaign,
                              upload=data.validated_data["file"])
        if result.errors:
            return Response({"rows": result.errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"count": result.count}, status=status.HTTP_201_CREATED)

"""REST API for petitions (api.md, Petitions): the same selectors and services as the pages."""

from functools import lru_cache

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator as DjangoPaginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import OrgUnit
from core.api import Pagination
from core.dates import local_today
from idempotency.api import idempotent_create
from petitions import deadlines as dl
from petitions import services
from petitions.filters import PetitionFilter, no_filter
from petitions.idnumbers import mask_address, mask_phone
from petitions.models import IdType, LeaderReception, Petition, PetitionEvent
from petitions.permissions import can_act, can_register, can_see_contact
from petitions.selectors import (
    feedback_late,
    petition_events,
    petition_get_for,
    petition_list_for,
    petition_scope_count,
    repeat_visible,
)

_unit = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())


class PetitionerSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    # Empty or absent: a petitioner without an ID (anonymous letter, call); id_type
    # names another document, whose number is kept as given (api.md, second wave).
    id_number = serializers.CharField(max_length=30, required=False, allow_blank=True,
                                      default="")
    id_type = serializers.ChoiceField(IdType.choices, required=False, default=IdType.RESIDENT_ID)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=255, required=False, allow_blank=True,
                                    default="")

    def to_representation(self, link):
        return _petitioner_dict(link, full_contact=False)


# Bounds (issue 16): a 20 MB petition was accepted once, and one request
# registered 2,000 petitioners. Twenty is the law's five representatives with margin.
CONTENT_MAX = 20_000
PETITIONERS_MAX = 20


class PetitionCreateSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(Petition.Channel.choices)
    received_on = serializers.DateField()
    org_unit = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    # A Category code (api.md's eight are seeded), checked by the service.
    category = serializers.CharField(max_length=30)
    title = serializers.CharField(max_length=200)
    content = serializers.CharField(max_length=CONTENT_MAX)
    headcount = serializers.IntegerField(min_value=1, max_value=100000)
    level = serializers.ChoiceField(Petition.Level.choices)
    petitioners = PetitionerSerializer(many=True, allow_empty=False, max_length=PETITIONERS_MAX)
    late_entry = serializers.BooleanField(required=False, default=False)
    late_entry_reason = serializers.CharField(required=False, allow_blank=True, default="",
                                              max_length=2000)
    # Registered at city level about a township's matter: that township is told.
    matter_unit = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all(),
                                               required=False, allow_null=True, default=None)
    # Cases from above (上级交办, issue 20): the upper office's reference and deadline.
    source = serializers.ChoiceField(Petition.Source.choices, required=False,
                                     default=Petition.Source.LOCAL)
    upper_ref = serializers.CharField(required=False, allow_blank=True, default="",
                                      max_length=60)
    feedback_due = serializers.DateField(required=False, allow_null=True, default=None)
    # Received at a leader's reception day (channel leader_reception), by its id.
    reception = serializers.PrimaryKeyRelatedField(queryset=LeaderReception.objects.all(),
                                                   required=False, allow_null=True,
                                                   default=None)


class PetitionSerializer(serializers.ModelSerializer):
    org_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    handling_unit = serializers.SlugRelatedField(slug_field="code", read_only=True,
                                                 allow_null=True)
    matter_unit = serializers.SlugRelatedField(slug_field="code", read_only=True,
                                               allow_null=True)
    repeat_of_number = serializers.CharField(source="repeat_of.number", default=None,
                                             read_only=True, allow_null=True)
    overdue = serializers.SerializerMethodField()
    feedback_late = serializers.SerializerMethodField()
    reception = serializers.SerializerMethodField()
    leader = serializers.SerializerMethodField()
    repeat_elsewhere = serializers.SerializerMethodField()
    petitioners = PetitionerSerializer(many=True, read_only=True)

    class Meta:
        model = Petition
        fields = [
            "id", "number", "status", "channel", "received_on", "org_unit", "handling_unit",
            "matter_unit", "category", "title", "content", "headcount", "level", "is_collective",
            "is_level_skipping", "is_repeat", "repeat_of", "repeat_of_number", "repeat_elsewhere",
            "is_first", "not_acceptable_again", "late_entry", "late_entry_reason",
            "deadline_policy", "acceptance_due", "handling_due",
            "extended_days", "review_request_due", "review_due", "recheck_request_due",
            "recheck_due", "hearing_days", "current_due", "overdue", "accepted_on", "declined_on",
            "decline_reason", "forwarded_on", "forward_agency", "assigned_on",
            "extension_reason", "extension_requested_days", "extension_request_reason",
            "extension_requested_on", "replied_on", "reply_opinion", "review_asked_online_on",
            "review_asked_online_reason", "review_requested_on",
            "review_replied_on", "review_opinion", "recheck_requested_on",
            "recheck_replied_on", "recheck_opinion", "closed_on", "satisfaction",
            "voided_at", "void_reason", "source", "upper_ref", "feedback_due", "feedback_on",
            "feedback_result", "feedback_late", "reception", "leader", "petitioners",
        ]

    def get_overdue(self, p) -> bool:
        return p.current_due is not None and p.current_due < local_today()

    def get_feedback_late(self, p) -> bool:
        return feedback_late(p, local_today())

    def get_reception(self, p) -> int | None:
        return p.reception_id

    def get_leader(self, p) -> str | None:
        return p.leader.username if p.leader_id else None

    def get_repeat_elsewhere(self, p) -> bool:
        """True when the earlier petition lies outside the caller's scope: the
        record then names no number (repeat_of and repeat_of_number are null)."""
        return p.repeat_of_id is not None and not repeat_visible(petition=p, user=self._user())

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    # A 200-row page ran 9,600 DRF field objects (about 60% of api_petition_list,
    # docs/performance.md). The output is the same dict built directly: model
    # values as they are, dates in ISO 8601, the related fields as declared above.
    _SPECIAL = {"org_unit", "handling_unit", "matter_unit", "repeat_of", "repeat_of_number",
                "repeat_elsewhere", "overdue", "petitioners", "feedback_late", "reception",
                "leader"}

    def to_representation(self, p):
        plan = _representation_plan(tuple(self.Meta.fields), tuple(self._SPECIAL))
        today = local_today()
        user = self._user()
        # Without a caller (no request in the context) nothing outside any scope is named.
        shown = user is not None and repeat_visible(petition=p, user=user)
        full_contact = user is not None and can_see_contact(user)
        out = {}
        for name, attname, is_date, is_datetime in plan:
            if attname is None:
                if name == "org_unit":
                    out[name] = p.org_unit.code if p.org_unit_id else None
                elif name == "handling_unit":
                    out[name] = p.handling_unit.code if p.handling_unit_id else None
                elif name == "matter_unit":
                    out[name] = p.matter_unit.code if p.matter_unit_id else None
                elif name == "repeat_of":
                    out[name] = p.repeat_of_id if shown else None
                elif name == "repeat_of_number":
                    out[name] = p.repeat_of.number if shown else None
                elif name == "repeat_elsewhere":
                    out[name] = p.repeat_of_id is not None and not shown
                elif name == "overdue":
                    out[name] = p.current_due is not None and p.current_due < today
                elif name == "feedback_late":
                    out[name] = feedback_late(p, today)
                elif name == "reception":
                    out[name] = p.reception_id
                elif name == "leader":
                    out[name] = p.leader.username if p.leader_id else None
                else:
                    out[name] = [_petitioner_dict(link, full_contact=full_contact)
                                 for link in p.links.all()]
                continue
            value = getattr(p, attname)
            if is_datetime and value is not None:
                out[name] = serializers.DateTimeField().to_representation(value)
                continue
            out[name] = value.isoformat() if is_date and value is not None else value
        return out


def _petitioner_dict(link, *, full_contact: bool) -> dict:
    # The ID number is masked for every role, always (api.md). Phone and address
    # are those given with this petition, in full only to the roles that
    # handle the case (docs/security.md).
    phone, address = link.phone, link.address
    if not full_contact:
        phone, address = mask_phone(phone), mask_address(address)
    return {"name": link.petitioner.name, "id_number": link.petitioner.id_masked,
            "id_type": link.petitioner.id_type, "phone": phone, "address": address}


class PetitionListSerializer(PetitionSerializer):
    """The list leaves out `content`: a page of 200 must not carry 200 letters (issue 16)."""

    class Meta(PetitionSerializer.Meta):
        fields = [f for f in PetitionSerializer.Meta.fields if f != "content"]


@lru_cache(maxsize=4)
def _representation_plan(fields: tuple, special: tuple) -> list:
    plan = []
    for name in fields:
        if name in special:
            plan.append((name, None, False, False))
            continue
        field = Petition._meta.get_field(name)
        is_datetime = isinstance(field, models.DateTimeField)
        is_date = isinstance(field, models.DateField) and not is_datetime
        plan.append((name, field.attname, is_date, is_datetime))
    return plan


class PetitionEventSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = PetitionEvent
        fields = ["at", "actor", "action", "from_status", "to_status", "note"]


class PetitionPagination(Pagination):
    """With no filter, the count is the scope's, read from the indexes alone
    (selectors.petition_scope_count), as on the list page."""

    scope_count: int | None = None

    def paginate_queryset(self, queryset, request, view=None):
        self.scope_count = (petition_scope_count(request.user)
                            if no_filter(request.query_params) else None)
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, object_list, per_page):
        paginator = DjangoPaginator(object_list, per_page)
        if self.scope_count is not None:
            paginator.count = self.scope_count
        return paginator


class PetitionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = PetitionSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = PetitionPagination
    filterset_class = PetitionFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reads the model
            return Petition.objects.none()
        # The filter leaves voided registrations out unless voided=true.
        return petition_list_for(user=self.request.user, with_voided=True)

    def list(self, request, *args, **kwargs):
        # 进京 / 越级 filters: city roles only, audited (issue 20, item 10).
        services.petition_list_filter_check(user=request.user, params=request.query_params,
                                            request=request)
        return super().list(request, *args, **kwargs)

    def get_serializer_class(self):
        return PetitionListSerializer if self.action == "list" else PetitionSerializer

    def get_object(self):
        return petition_get_for(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=PetitionCreateSerializer, responses={201: PetitionSerializer})
    @idempotent_create
    def create(self, request, *args, **kwargs):
        if not can_register(request.user):
            raise PermissionDenied(_("Your role may not register petitions."))
        data = PetitionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        p = services.petition_register(actor=request.user, **data.validated_data)
        p = petition_get_for(user=request.user, pk=p.pk)
        return Response(PetitionSerializer(p, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: PetitionEventSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        p = self.get_object()
        return Response(PetitionEventSerializer(petition_events(petition=p), many=True).data)


def _body(**fields):
    return type("Body", (serializers.Serializer,), fields)


_on = serializers.DateField
_text = serializers.CharField

# action -> (service, body serializer)
ACTIONS = {
    # override_reason: the city office accepts a matter closed after re-review (new facts).
    "accept": (services.petition_accept, _body(on=_on(), override_reason=_text(
        required=False, allow_blank=True, default="", max_length=2000))),
    "decline": (services.petition_decline, _body(on=_on(), reason=_text())),
    "forward": (services.petition_forward, _body(on=_on(), agency=_text(max_length=200))),
    "assign": (services.petition_assign, _body(org_unit=serializers.SlugRelatedField(
        slug_field="code", queryset=OrgUnit.objects.all()))),
    "extend": (services.petition_extend, _body(days=serializers.IntegerField(
        min_value=1, max_value=dl.MAX_EXTENSION_DAYS), reason=_text())),
    "request_extension": (services.petition_request_extension, _body(
        days=serializers.IntegerField(min_value=1, max_value=dl.MAX_EXTENSION_DAYS),
        reason=_text())),
    "approve_extension": (services.petition_approve_extension, _body()),
    "refuse_extension": (services.petition_refuse_extension, _body(reason=_text())),
    "reply": (services.petition_reply, _body(on=_on(), opinion=_text())),
    "request_review": (services.petition_request_review, _body(on=_on())),
    "review_reply": (services.petition_review_reply, _body(on=_on(), opinion=_text())),
    "request_recheck": (services.petition_request_recheck, _body(on=_on())),
    "recheck_reply": (services.petition_recheck_reply, _body(on=_on(), opinion=_text())),
    "record_hearing": (services.petition_record_hearing, _body(on=_on(), days=serializers.IntegerField(
        min_value=1, max_value=dl.MAX_HEARING_DAYS))),
    "feedback": (services.petition_feedback, _body(on=_on(), result=_text(max_length=20_000))),
    "close": (services.petition_close, _body(on=_on(), satisfaction=serializers.ChoiceField(
        Petition.Satisfaction.choices, required=False, allow_blank=True, default=""))),
    # 作废 (issue 16): city officer and admin; a unit leader for its own registration
    # still only registered. 409 for a closed petition.
    "void": (services.petition_void, _body(reason=_text(max_length=2000))),
}


class PetitionActionView(APIView):
    """POST /api/v1/petitions/{id}/<action>/: scope (404), role (403), body (400), service.

    One subclass per action (`action_views`) so the schema documents each body.
    """

    permission_classes = [IsAuthenticated]
    action_name = ""

    def post(self, request, pk):
        action = self.action_name
        p = petition_get_for(user=request.user, pk=pk)
        if not can_act(request.user, action, p):
            raise PermissionDenied(_("Your role may not do this."))
        service, body_class = ACTIONS[action]
        body = body_class(data=request.data)
        body.is_valid(raise_exception=True)
        service(petition_id=p.pk, actor=request.user, **body.validated_data)
        p = petition_get_for(user=request.user, pk=p.pk)
        return Response(PetitionSerializer(p, context={"request": request}).data)


def _action_view(name: str, body_class) -> type[PetitionActionView]:
    title = name.title().replace("_", "")
    # A named body class per action, so each gets its own schema component.
    body = type(f"Petition{title}", (body_class,), {})

    def post(self, request, pk):
        return PetitionActionView.post(self, request, pk)

    post = extend_schema(request=body, responses={200: PetitionSerializer},
                         operation_id=f"petitions_{name}")(post)
    return type(f"Petition{title}View", (PetitionActionView,), {"action_name": name, "post": post})


# action -> its view, for config/urls.py: /api/v1/petitions/{id}/<action>/
action_views = {name: _action_view(name, body) for name, (_service, body) in ACTIONS.items()}


# ---------------------------------------------------------------- leader reception days

class ReceptionSerializer(serializers.ModelSerializer):
    leader = serializers.SlugRelatedField(slug_field="username",
                                          queryset=LeaderReception._meta.get_field("leader")
                                          .related_model.objects.all())
    org_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    petitions = serializers.SerializerMethodField()

    class Meta:
        model = LeaderReception
        fields = ["id", "held_on", "leader", "org_unit", "place", "petitions"]

    def get_petitions(self, r) -> list[dict]:
        return [{"id": p.pk, "number": p.number, "status": p.status}
                for p in r.petitions.all()]


class ReceptionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       mixins.CreateModelMixin, viewsets.GenericViewSet):
    """GET/POST /api/v1/receptions/: `{held_on, leader (username), place}`; petitions
    received there register through POST /api/v1/petitions/ with `reception`."""

    serializer_class = ReceptionSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination

    def get_queryset(self):
        from petitions.selectors import receptions_for

        return receptions_for(user=self.request.user).prefetch_related("petitions")

    def get_object(self):
        from petitions.selectors import reception_get_for

        return reception_get_for(user=self.request.user, pk=self.kwargs["pk"])

    @idempotent_create
    def create(self, request, *args, **kwargs):
        from petitions.permissions import can_record_reception

        if not can_record_reception(request.user):
            raise PermissionDenied(_("Your role may not record reception days."))
        data = ReceptionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        r = services.reception_create(actor=request.user, held_on=data.validated_data["held_on"],
                                      leader=data.validated_data["leader"],
                                      place=data.validated_data["place"])
        return Response(ReceptionSerializer(self.get_queryset().get(pk=r.pk)).data,
                        status=status.HTTP_201_CREATED)

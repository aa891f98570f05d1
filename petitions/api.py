"""REST API for petitions (api.md, Petitions): the same selectors and services as the pages."""

from functools import lru_cache

from django.core.exceptions import PermissionDenied
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
from petitions import services
from petitions.filters import PetitionFilter
from petitions.models import IdType, Petition, PetitionEvent
from petitions.permissions import can_act, can_register
from petitions.selectors import petition_events, petition_get_for, petition_list_for

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

    def to_representation(self, person):
        # Masked for every role, always (api.md).
        return _petitioner_dict(person)


class PetitionCreateSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(Petition.Channel.choices)
    received_on = serializers.DateField()
    org_unit = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    # A Category code (api.md's eight are seeded), checked by the service.
    category = serializers.CharField(max_length=30)
    title = serializers.CharField(max_length=200)
    content = serializers.CharField()
    headcount = serializers.IntegerField(min_value=1, max_value=100000)
    level = serializers.ChoiceField(Petition.Level.choices)
    petitioners = PetitionerSerializer(many=True, allow_empty=False)
    late_entry = serializers.BooleanField(required=False, default=False)
    late_entry_reason = serializers.CharField(required=False, allow_blank=True, default="",
                                              max_length=2000)


class PetitionSerializer(serializers.ModelSerializer):
    org_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    handling_unit = serializers.SlugRelatedField(slug_field="code", read_only=True,
                                                 allow_null=True)
    repeat_of_number = serializers.CharField(source="repeat_of.number", default=None,
                                             read_only=True, allow_null=True)
    overdue = serializers.SerializerMethodField()
    petitioners = PetitionerSerializer(many=True, read_only=True)

    class Meta:
        model = Petition
        fields = [
            "id", "number", "status", "channel", "received_on", "org_unit", "handling_unit",
            "category", "title", "content", "headcount", "level", "is_collective",
            "is_level_skipping", "is_repeat", "repeat_of", "repeat_of_number", "is_first",
            "not_acceptable_again", "late_entry", "late_entry_reason", "deadline_policy", "acceptance_due", "handling_due",
            "extended_days", "review_request_due", "review_due", "recheck_request_due",
            "recheck_due", "hearing_days", "current_due", "overdue", "accepted_on", "declined_on",
            "decline_reason", "forwarded_on", "forward_agency", "assigned_on",
            "extension_reason", "extension_requested_days", "extension_request_reason",
            "extension_requested_on", "replied_on", "reply_opinion", "review_requested_on",
            "review_replied_on", "review_opinion", "recheck_requested_on",
            "recheck_replied_on", "recheck_opinion", "closed_on", "satisfaction",
            "petitioners",
        ]

    def get_overdue(self, p) -> bool:
        return p.current_due is not None and p.current_due < local_today()

    # A 200-row page ran 9,600 DRF field objects (about 60% of api_petition_list,
    # docs/performance.md). The output is the same dict built directly: model
    # values as they are, dates in ISO 8601, the related fields as declared above.
    _SPECIAL = {"org_unit", "handling_unit", "repeat_of_number", "overdue", "petitioners"}

    def to_representation(self, p):
        plan = _representation_plan(tuple(self.Meta.fields), tuple(self._SPECIAL))
        today = local_today()
        out = {}
        for name, attname, is_date in plan:
            if attname is None:
                if name == "org_unit":
                    out[name] = p.org_unit.code if p.org_unit_id else None
                elif name == "handling_unit":
                    out[name] = p.handling_unit.code if p.handling_unit_id else None
                elif name == "repeat_of_number":
                    out[name] = p.repeat_of.number if p.repeat_of_id else None
                elif name == "overdue":
                    out[name] = p.current_due is not None and p.current_due < today
                else:
                    out[name] = [_petitioner_dict(person) for person in p.petitioners.all()]
                continue
            value = getattr(p, attname)
            out[name] = value.isoformat() if is_date and value is not None else value
        return out


def _petitioner_dict(person) -> dict:
    # Masked for every role, always (api.md); as PetitionerSerializer.to_representation.
    return {"name": person.name, "id_number": person.id_masked, "id_type": person.id_type,
            "phone": person.phone, "address": person.address}


@lru_cache(maxsize=4)
def _representation_plan(fields: tuple, special: tuple) -> list:
    plan = []
    for name in fields:
        if name in special:
            plan.append((name, None, False))
            continue
        field = Petition._meta.get_field(name)
        is_date = isinstance(field, models.DateField) and not isinstance(
            field, models.DateTimeField)
        plan.append((name, field.attname, is_date))
    return plan


class PetitionEventSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = PetitionEvent
        fields = ["at", "actor", "action", "from_status", "to_status", "note"]


class PetitionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = PetitionSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    filterset_class = PetitionFilter

    def get_queryset(self):
        return petition_list_for(user=self.request.user)

    def get_object(self):
        return petition_get_for(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=PetitionCreateSerializer, responses={201: PetitionSerializer})
    def create(self, request, *args, **kwargs):
        if not can_register(request.user):
            raise PermissionDenied(_("Your role may not register petitions."))
        data = PetitionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        p = services.petition_register(actor=request.user, **data.validated_data)
        p = petition_get_for(user=request.user, pk=p.pk)
        return Response(PetitionSerializer(p).data, status=status.HTTP_201_CREATED)

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
        min_value=1, max_value=30), reason=_text())),
    "request_extension": (services.petition_request_extension, _body(
        days=serializers.IntegerField(min_value=1, max_value=30), reason=_text())),
    "approve_extension": (services.petition_approve_extension, _body()),
    "refuse_extension": (services.petition_refuse_extension, _body(reason=_text())),
    "reply": (services.petition_reply, _body(on=_on(), opinion=_text())),
    "request_review": (services.petition_request_review, _body(on=_on())),
    "review_reply": (services.petition_review_reply, _body(on=_on(), opinion=_text())),
    "request_recheck": (services.petition_request_recheck, _body(on=_on())),
    "recheck_reply": (services.petition_recheck_reply, _body(on=_on(), opinion=_text())),
    "record_hearing": (services.petition_record_hearing, _body(on=_on(), days=serializers.IntegerField(
        min_value=1, max_value=60))),
    "close": (services.petition_close, _body(on=_on(), satisfaction=serializers.ChoiceField(
        Petition.Satisfaction.choices, required=False, allow_blank=True, default=""))),
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
        return Response(PetitionSerializer(p).data)


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

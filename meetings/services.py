"""The only code that writes joint meetings: record a meeting with its decisions,
and turn a decision into a supervision order or a backlog case (one click),
linked both ways."""

from collections.abc import Sequence
from datetime import date
from typing import Any, TypeAlias

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import OrgUnit, User
from accounts.scoping import unit_in_scope
from backlog import services as backlog_services
from backlog.models import BacklogCase, Campaign
from core.dates import local_today
from core.errors import TransitionError
from core.events import record_event
from meetings import permissions
from meetings.models import Meeting, MeetingItem
from petitions.models import Petition
from stability.models import RiskMatter
from supervision import services as supervision_services
from supervision.models import SupervisionOrder

T = MeetingItem.TargetType
Target: TypeAlias = Petition | BacklogCase | RiskMatter | SupervisionOrder
# People name a petition or an order by its number, a case or a matter by its title.
BY_NUMBER: dict[str, type[Petition | SupervisionOrder]] = {
    T.PETITION: Petition, T.SUPERVISION_ORDER: SupervisionOrder}
BY_TITLE: dict[str, type[BacklogCase | RiskMatter]] = {
    T.BACKLOG_CASE: BacklogCase, T.STABILITY_MATTER: RiskMatter}
TARGET_MODELS: dict[str, type[Target]] = {**BY_NUMBER, **BY_TITLE}


def _subject(target_type: str, target: Target) -> str:
    number = getattr(target, "number", "")
    title = getattr(target, "title", "") or getattr(target, "target_label", "")
    return f"{number} {title}".strip()[:200]


def target_find(*, target_type: str, reference: str) -> Target | None:
    """A record named as people name it: a petition or an order by its number, a
    backlog case or a risk matter by its title. None when nothing matches."""
    reference = (reference or "").strip()
    if target_type not in TARGET_MODELS or not reference:
        return None
    if target_type in BY_NUMBER:
        return BY_NUMBER[target_type].objects.filter(number=reference.upper()).first()
    return BY_TITLE[target_type].objects.filter(title=reference).order_by("-id").first()


def _clean_item(n: int, row: dict[str, Any], held_on: date) -> tuple[MeetingItem | None, list[str]]:
    errors: list[str] = []
    target_type = row.get("target_type") or ""
    target_id = row.get("target_id")
    target = row.get("target")
    if target_type and target_type not in T.values:
        return None, [_("Item %(n)d: unknown matter type.") % {"n": n}]
    if target_type and target is None:
        target = (TARGET_MODELS[target_type].objects.filter(pk=target_id).first()
                  if target_id is not None else None)
        if target is None:
            errors.append(_("Item %(n)d: no such record.") % {"n": n})
    subject = (row.get("subject") or "").strip() or (_subject(target_type, target)
                                                     if target is not None else "")
    if not subject and target is None and not target_type:
        errors.append(_("Item %(n)d: name the matter studied.") % {"n": n})
    decision = (row.get("decision") or "").strip()
    if not decision:
        errors.append(_("Item %(n)d: write the decision.") % {"n": n})
    lead_unit = row.get("lead_unit")
    if not isinstance(lead_unit, OrgUnit) or not lead_unit.is_reporting:
        errors.append(_("Item %(n)d: the lead unit is a township, department or unit.")
                      % {"n": n})
    due_on = row.get("due_on")
    if not isinstance(due_on, date) or due_on < held_on:
        errors.append(_("Item %(n)d: the deadline falls on or after the meeting.") % {"n": n})
    if errors or not isinstance(due_on, date):  # (not a date: an error above)
        return None, errors
    return MeetingItem(position=n, target_type=target_type,
                       target_id=target.pk if target is not None else None, subject=subject,
                       decision=decision, lead_unit=lead_unit, due_on=due_on), []


@transaction.atomic
def meeting_create(*, actor: User, held_on: date, title: str, items: list[dict[str, Any]],
                   number: str = "", units: Sequence[OrgUnit] = (), campaign: Campaign | None = None,
                   summary: str = "", today: date | None = None) -> Meeting:
    """Record a meeting held (not planned): its units, items and decisions at once.

    An item is {target_type, target_id or target, subject, decision, lead_unit, due_on};
    without a target it is a topic named by its subject."""
    if not permissions.can_record(actor):
        raise PermissionDenied(_("Only the city office records joint meetings."))
    if held_on > (today or local_today()):
        raise ValidationError({"held_on": _("Record a meeting once it has been held.")})
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("This field is required.")})
    if not items:
        raise ValidationError({"items": _("A meeting decides on at least one matter.")})
    built: list[MeetingItem] = []
    errors: list[str] = []
    for n, row in enumerate(items, start=1):
        item, item_errors = _clean_item(n, row, held_on)
        errors += item_errors
        if item is not None:
            built.append(item)
    if errors:
        raise ValidationError({"items": errors})
    meeting = Meeting.objects.create(held_on=held_on, title=title[:200],
                                     number=(number or "").strip()[:50], campaign=campaign,
                                     summary=(summary or "").strip(), created_by=actor)
    meeting.attending_units.set(units)
    for item in built:
        item.meeting = meeting
    MeetingItem.objects.bulk_create(built)
    record_event(meeting, actor=actor, action="create", to_status="",
                 data={"items": len(built), "units": [u.code for u in units]})
    return meeting


def _lock_item(item_id: int) -> MeetingItem:
    item = (MeetingItem.objects.select_for_update().select_related("meeting", "lead_unit")
            .get(pk=item_id))
    if item.supervision_order_id or item.backlog_case_id:
        raise TransitionError(_("This decision has already been turned into %(what)s.") % {
            "what": _("a supervision order") if item.supervision_order_id
            else _("a backlog case")})
    return item


def _instructions(item: MeetingItem) -> str:
    return _("Decided by %(meeting)s (%(day)s): %(decision)s") % {
        "meeting": item.meeting.title, "day": item.meeting.held_on.isoformat(),
        "decision": item.decision}


@transaction.atomic
def item_make_order(*, actor: User, item_id: int, level: str = SupervisionOrder.Level.KEY,
                    today: date | None = None) -> SupervisionOrder:
    """The decision as a supervision order on the matter studied, to the lead unit,
    due on the decision's deadline. A matter that is itself an order is supervised
    again on that order's target."""
    if not permissions.can_make_order(actor):
        raise PermissionDenied(_("Only the supervisor issues supervision orders."))
    item = _lock_item(item_id)
    target_type, target_id = item.target_type, item.target_id
    if target_type == T.SUPERVISION_ORDER:
        if target_id is None:  # an item names its record (_clean_item): never
            raise SupervisionOrder.DoesNotExist
        earlier = SupervisionOrder.objects.get(pk=target_id)
        target_type, target_id = earlier.target_type, earlier.target_id
    if not target_type:
        raise TransitionError(_("A topic without a record cannot be supervised: turn it into "
                                "a backlog case."))
    order = supervision_services.order_create(
        actor=actor, target_type=target_type, target_id=target_id, org_unit=item.lead_unit,
        level=level, due_on=item.due_on, instructions=_instructions(item),
        # The meeting's decision is the reason for an order to another unit than the record's.
        confirm_reason=_("Decided by the joint meeting"), today=today)
    item.supervision_order = order
    item.save(update_fields=["supervision_order"])
    record_event(item.meeting, actor=actor, action="make_order", to_status="",
                 data={"item": item.pk, "order": order.number})
    return order


@transaction.atomic
def item_make_backlog_case(*, actor: User, item_id: int, campaign: Campaign, leader: User,
                           today: date | None = None) -> BacklogCase:
    """The decision as a backlog case of `campaign`, to the lead unit and its leader in
    charge, due on the decision's deadline (a petition studied becomes the case's)."""
    if not permissions.can_make_backlog_case(actor):
        raise PermissionDenied(_("Only the city office hands over backlog cases."))
    item = _lock_item(item_id)
    if item.target_type == T.BACKLOG_CASE:
        raise TransitionError(_("The matter studied is already a backlog case."))
    if not unit_in_scope(actor, item.lead_unit):
        raise ValidationError({"lead_unit": _("This unit is outside your scope.")})
    petition = None
    if item.target_type == T.PETITION:
        if item.target_id is None:  # an item names its record (_clean_item): never
            raise Petition.DoesNotExist
        petition = Petition.objects.get(pk=item.target_id)
    case = backlog_services.case_create(
        actor=actor, campaign=campaign, title=item.subject, org_unit=item.lead_unit,
        leader=leader, due_on=item.due_on, petition=petition,
        assigned_on=today or local_today())
    item.backlog_case = case
    item.save(update_fields=["backlog_case"])
    record_event(item.meeting, actor=actor, action="make_backlog_case", to_status="",
                 data={"item": item.pk, "case": case.title})
    return case

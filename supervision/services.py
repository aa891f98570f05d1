"""The only code that writes supervision records: one function per transition.

Each locks the row, checks the status (TransitionError -> 409), checks the
role (PermissionDenied -> 403) and writes a SupervisionEvent.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any, TypeAlias
from uuid import uuid4

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import OrgUnit, User
from accounts.scoping import unit_in_scope
from alerts.models import Alert, Notification
from alerts.services import clear_done
from backlog.models import BacklogCase
from core.dates import local_today
from core.errors import TransitionError
from core.events import record_event
from petitions.models import Petition
from stability.models import RiskMatter
from supervision import permissions
from supervision.models import (
    AccountabilityRecord,
    Notice,
    SupervisionOrder,
)
from supervision.transitions import MOVES

# Where each target type lives.
Target: TypeAlias = Petition | BacklogCase | RiskMatter
TARGET_MODELS: dict[str, type[Target]] = {
    SupervisionOrder.TargetType.PETITION: Petition,
    SupervisionOrder.TargetType.BACKLOG_CASE: BacklogCase,
    SupervisionOrder.TargetType.STABILITY_MATTER: RiskMatter,
}
EVIDENCE_TYPES = ("supervision_order", "petition", "backlog_case", "stability_matter")




# A record's own number names its kind: XF- petitions, JA- backlog cases (积案),
# MD- risk matters (矛盾纠纷).
NUMBER_PREFIXES = {
    "XF": SupervisionOrder.TargetType.PETITION,
    "JA": SupervisionOrder.TargetType.BACKLOG_CASE,
    "MD": SupervisionOrder.TargetType.STABILITY_MATTER,
}


def target_type_of_number(number: str) -> str | None:
    """"JA-2026-000012" -> "backlog_case"; None for anything else."""
    prefix, _sep, _rest = (number or "").strip().upper().partition("-")
    return NUMBER_PREFIXES.get(prefix)


def _resolve_target(*, actor: User, target_type: str, target_id: int | None,
                    target_number: str = "") -> Target:
    """The target record; 400 when it is missing or outside the actor's units.

    A record may be named by its own number (XF-2026-000229, JA-2026-000012,
    MD-2026-000003) instead of its id: nobody should have to know a database id
    (issue 18)."""
    model = TARGET_MODELS[target_type]
    if target_number:
        number = target_number.strip().upper()
        kind = target_type_of_number(number)
        if kind is not None and kind != target_type:
            raise ValidationError({"target_number": _(
                "%(number)s is a %(kind)s's number: choose that matter type.") % {
                "number": number, "kind": SupervisionOrder.TargetType(kind).label}})
        related = ["org_unit", "handling_unit"] if model is Petition else ["org_unit"]
        target = model.objects.filter(number=number).select_related(*related).first()
        if target is None or not _target_in_scope(actor, target):
            raise ValidationError({"target_number": _("No record with this number.")})
        return target
    if target_id is None:
        raise ValidationError({"target_id": _("Give the record's number.")})
    target = model.objects.filter(pk=target_id).select_related("org_unit").first()
    if target is None or not _target_in_scope(actor, target):
        raise ValidationError({"target_id": _("No such record.")})
    return target


def _target_in_scope(actor: User, target: Target) -> bool:
    found: list[OrgUnit | None] = [getattr(target, "org_unit", None),
                                   getattr(target, "handling_unit", None)]
    units = [u for u in found if u is not None]
    return not units or any(unit_in_scope(actor, u) for u in units)


# When the target's work is over: an order about it needs a confirmed reason.
_CLOSED_STATUSES: dict[str, tuple[str, ...]] = {
    SupervisionOrder.TargetType.PETITION: ("declined", "forwarded", "closed"),
    SupervisionOrder.TargetType.BACKLOG_CASE: ("verified",),
    SupervisionOrder.TargetType.STABILITY_MATTER: ("resolved",),
}


def order_target_warnings(*, target_type: str, target: Target | None,
                          org_unit: OrgUnit) -> list[str]:
    """What the issuer must confirm: a closed target, or one of another unit."""
    if target is None:
        return []
    warnings = []
    if getattr(target, "status", "") in _CLOSED_STATUSES.get(target_type, ()):
        warnings.append(_("The record is already closed (%(s)s).")
                        % {"s": target.get_status_display()})
    units = {getattr(target, "org_unit_id", None), getattr(target, "handling_unit_id", None)}
    if org_unit.pk not in units:
        warnings.append(_("The record belongs to %(u)s, not to the order's unit.")
                        % {"u": target.org_unit.name})
    return warnings


def order_target_number(order: SupervisionOrder) -> str | None:
    """The target's own number (XF-…, JA-…, MD-…); the selectors annotate it as
    `target_no` so a list costs no query per order."""
    if order.petition_id and order.petition is not None:
        return order.petition.number
    if hasattr(order, "target_no"):
        annotated: str | None = order.target_no
        return annotated
    model = TARGET_MODELS.get(order.target_type)
    if model is None:
        return None
    number: str | None = (model.objects.filter(pk=order.target_id)
                          .values_list("number", flat=True).first())
    return number


@transaction.atomic
def order_create(*, actor: User, target_type: str, target_id: int | None = None, org_unit: OrgUnit,
                 level: str, due_on: date, instructions: str, target_number: str = "",
                 confirm_reason: str = "", today: date | None = None) -> SupervisionOrder:
    if not permissions.can_issue(actor):
        raise PermissionDenied(_("Only the supervisor issues supervision orders."))
    today = today or local_today()
    if target_type not in SupervisionOrder.TargetType.values:
        raise ValidationError({"target_type": _("Unknown target type.")})
    if level not in SupervisionOrder.Level.values:
        raise ValidationError({"level": _("Unknown level.")})
    if due_on < today:
        raise ValidationError({"due_on": _("The due date cannot be in the past.")})
    if not instructions.strip():
        raise ValidationError({"instructions": _("Write the instructions.")})
    target = _resolve_target(actor=actor, target_type=target_type, target_id=target_id,
                             target_number=(target_number or "").strip())
    target_id = target.pk
    warnings = order_target_warnings(target_type=target_type, target=target, org_unit=org_unit)
    confirm_reason = (confirm_reason or "").strip()
    if warnings and not confirm_reason:
        raise ValidationError({"confirm_reason": [
            *warnings, _("Confirm with a reason to issue the order anyway.")]})
    order = SupervisionOrder(
        number=f"NEW-{uuid4().hex[:16]}", target_type=target_type, target_id=target_id,
        petition=target if isinstance(target, Petition) else None,
        target_label=target.title[:200],
        org_unit=org_unit, level=level, due_on=due_on, instructions=instructions,
        issued_on=today, issued_by=actor,
    )
    order.save()
    # The number follows the row id: unique without a counter table.
    order.number = f"DB-{today.year}-{order.pk:06d}"
    order.save(update_fields=["number"])
    data: dict[str, Any] = {"target": order_target_number(order)}
    if warnings:
        data.update(confirm_reason=confirm_reason, warnings=[str(w) for w in warnings])
    record_event(order, actor=actor, action="create", from_status="",
                 note=confirm_reason if warnings else "", data=data)
    Notification.objects.create(
        org_unit=org_unit, kind=Notification.Kind.ORDER, day=today,
        text=_("Supervision order %(number)s: respond by %(due)s.") % {
            "number": order.number, "due": due_on.isoformat()},
        link=f"/supervision/orders/{order.pk}/")
    return order


def _locked(order_id: int) -> SupervisionOrder:
    return SupervisionOrder.objects.select_for_update().get(pk=order_id)


@transaction.atomic
def order_respond(*, actor: User, order_id: int, note: str, today: date | None = None
                  ) -> SupervisionOrder:
    order = _locked(order_id)
    if not permissions.can_respond(actor, order):
        raise PermissionDenied(_("Only the unit the order is addressed to responds."))
    MOVES.check("respond", order.status)
    if not note.strip():
        raise ValidationError({"note": _("Write the response.")})
    today = today or local_today()
    old = order.status
    order.status = SupervisionOrder.Status.RESPONDED
    order.response_note, order.responded_on, order.responded_by = note, today, actor
    order.save(update_fields=["status", "response_note", "responded_on", "responded_by"])
    record_event(order, actor=actor, action="respond", from_status=old, note=note)
    # The step is done: its overdue alert clears now, not at the next job run.
    clear_done(kind=Alert.Kind.SUPERVISION_OVERDUE, as_of=today,
               done=Q(target_type=Alert.TargetType.SUPERVISION_ORDER, target_id=order.pk))
    return order


@transaction.atomic
def order_close(*, actor: User, order_id: int, note: str = "", today: date | None = None
                ) -> SupervisionOrder:
    if not permissions.can_supervise(actor):
        raise PermissionDenied(_("Only the supervisor closes an order."))
    order = _locked(order_id)
    MOVES.check("close", order.status)
    old = order.status
    order.status = SupervisionOrder.Status.CLOSED
    order.closed_on = today or local_today()
    order.save(update_fields=["status", "closed_on"])
    record_event(order, actor=actor, action="close", from_status=old, note=note)
    return order


@transaction.atomic
def order_escalate(*, actor: User, order_id: int, to: str, note: str = "", today: date | None = None
                   ) -> SupervisionOrder:
    """Escalate to the next step of the ladder: the city leader in charge, then the
    joint meeting. The status does not change: the unit still owes its response."""
    if not permissions.can_supervise(actor):
        raise PermissionDenied(_("Only the supervisor escalates an order."))
    if to not in SupervisionOrder.ESCALATION_LADDER[1:]:
        raise ValidationError({"to": _("Escalate to the city leader in charge or the joint meeting.")})
    order = _locked(order_id)
    MOVES.check("escalate", order.status)
    if order.next_escalation is None:
        raise TransitionError(_("The order is already before the joint meeting."))
    if to != order.next_escalation:
        raise TransitionError(_("Escalate one step at a time: first to the city leader in charge, then to the joint meeting."))
    previous = order.escalation
    order.escalation, order.escalated_on = to, today or local_today()
    order.save(update_fields=["escalation", "escalated_on"])
    record_event(order, actor=actor, action="escalate", from_status=order.status, note=note,
                 data={"from": previous, "to": to})
    return order


@transaction.atomic
def order_remind(*, actor: User, order_id: int, note: str = "", today: date | None = None
                 ) -> SupervisionOrder:
    """Remind (催办) the unit of an open order: an event on the order and a
    notification to the unit. Once a day per order."""
    if not permissions.can_supervise(actor):
        raise PermissionDenied(_("Only the supervisor sends reminders."))
    order = _locked(order_id)
    if order.status != SupervisionOrder.Status.OPEN:
        raise TransitionError(_("Only an open order can be reminded: the unit has already "
                                "responded."))
    today = today or local_today()
    if order.events.filter(action="remind", data__on=today.isoformat()).exists():
        raise TransitionError(_("The unit was already reminded of this order today."))
    note = (note or "").strip()
    record_event(order, actor=actor, action="remind", from_status=order.status, note=note,
                 data={"on": today.isoformat()})
    Notification.objects.create(
        org_unit=order.org_unit, kind=Notification.Kind.ORDER, day=today,
        text=_("Reminder: supervision order %(number)s is to be responded to by %(due)s.") % {
            "number": order.number, "due": date_format(order.due_on, "DATE_FORMAT")},
        link=f"/supervision/orders/{order.pk}/")
    return order


def _clean_evidence(evidence: object) -> list[dict[str, Any]]:
    if not isinstance(evidence, list):
        raise ValidationError({"evidence": _("Give a list of records.")})
    cleaned = []
    for item in evidence:
        if (not isinstance(item, dict) or item.get("type") not in EVIDENCE_TYPES
                or not str(item.get("id", "")).isdigit()):
            raise ValidationError({"evidence": _("Each item needs a type and an id.")})
        cleaned.append({"type": item["type"], "id": int(item["id"]),
                        "label": str(item.get("label", ""))[:200]})
    order_ids = {i["id"] for i in cleaned if i["type"] == "supervision_order"}
    if order_ids and SupervisionOrder.objects.filter(pk__in=order_ids).count() != len(order_ids):
        raise ValidationError({"evidence": _("No such supervision order.")})
    return cleaned


@transaction.atomic
def notice_publish(*, actor: User, org_unit: OrgUnit, title: str, body: str,
                   evidence: Iterable[dict[str, Any]] = (),
                   today: date | None = None) -> Notice:
    if not permissions.can_supervise(actor):
        raise PermissionDenied(_("Only the supervisor publishes notices."))
    if not title.strip() or not body.strip():
        raise ValidationError({"title": _("A notice needs a title and a body.")})
    today = today or local_today()
    notice = Notice.objects.create(org_unit=org_unit, title=title, body=body,
                                   evidence=_clean_evidence(list(evidence)),
                                   published_on=today, published_by=actor)
    Notification.objects.create(org_unit=org_unit, kind=Notification.Kind.NOTICE, day=today,
                                text=_("Notice: %(title)s") % {"title": title},
                                link=f"/supervision/notices/{notice.pk}/")
    return notice


@transaction.atomic
def accountability_record_create(*, actor: User, org_unit: OrgUnit, person: str, rule: str,
                                 decision: str, decided_on: date, position: str = "",
                                 facts: str = "", notice: Notice | None = None,
                                 order: SupervisionOrder | None = None,
                                 today: date | None = None) -> AccountabilityRecord:
    if not permissions.can_supervise(actor):
        raise PermissionDenied(_("Only the supervisor records accountability."))
    if decided_on > (today or local_today()):
        raise ValidationError({"decided_on": _("The date cannot be in the future.")})
    return AccountabilityRecord.objects.create(
        org_unit=org_unit, person=person, position=position, rule=rule, facts=facts,
        decision=decision, decided_on=decided_on, notice=notice, order=order,
        recorded_by=actor)

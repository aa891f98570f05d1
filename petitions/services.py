"""Every write to a petition: registration and one function per transition.

Each transition locks the row, checks the role and the status, validates the
date, recomputes the due dates and writes one in one transaction.
Browser views and the API call the same functions.
"""

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.models import OrgUnit, User
from accounts.roles import is_city_role
from accounts.scoping import unit_in_scope
from alerts.models import Notification
from alerts.services import notify
from audit.models import AuditEntry
from audit.services import audit
from core.crypto import encrypt, keyed_hash
from core.dates import local_now, local_today
from core.errors import TransitionError
from core.events import record_event
from petitions import deadlines as dl
from petitions.categories import category_is_valid
from petitions.idnumbers import mask_document, mask_id_number, normalize_id_number
from petitions.lookups import LookupKind, LookupReason, statistical_filters_used
from petitions.models import (
    IdType,
    LeaderReception,
    Petition,
    PetitionCounter,
    Petitioner,
    PetitionPetitioner,
    new_query_code,
)
from petitions.permissions import can_act, can_override_termination, can_register
from petitions.search import petition_search_refresh
from petitions.transitions import MOVES

S = Petition.Status
# The fields a transition may change that search_text is made of (petitions.search).
SEARCHED_FIELDS = {"reply_opinion", "review_opinion", "recheck_opinion"}


# ---------------------------------------------------------------- helpers

def _current_due(p: Petition) -> date | None:
    dues: dict[str, date | None] = {
        S.REGISTERED: p.acceptance_due,
        S.ACCEPTED: p.handling_due,
        S.ASSIGNED: p.handling_due,
        S.UNDER_REVIEW: p.review_due,
        S.UNDER_RECHECK: p.recheck_due,
    }
    return dues.get(p.status)


def _due(p: Petition, start: date, days: int) -> date:
    return dl.deadline_after(start, days, p.deadline_policy)


def _lock(petition_id: int, actor: User, action: str) -> Petition:
    if not can_act(actor, action):
        raise PermissionDenied(_("Your role may not do this."))
    # all_objects: a voided petition is found and then refused by its status check.
    p = Petition.all_objects.select_for_update().get(pk=petition_id)
    if actor is not None and not can_act(actor, action, p):
        raise PermissionDenied(_("Your role may not do this."))
    return p


def _required_text(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("This field is required.")})
    return value


def _save(p: Petition, actor: User, action: str, old: str, fields: list[str], *, note: str = "",
          data: dict[str, Any] | None = None) -> Petition:
    p.current_due = _current_due(p)
    p.responsible_unit_id = p.step_unit_id()  # in the step's own transaction
    p.save(update_fields=[*fields, "status", "current_due", "responsible_unit", "updated_at"])
    if SEARCHED_FIELDS.intersection(fields):
        petition_search_refresh(petition_ids=[p.pk])
    record_event(p, actor=actor, action=action, from_status=old, note=note, data=data)
    return p


# ---------------------------------------------------------------- registration

def _next_number(year: int) -> str:
    # The counter row is locked until the registering transaction commits, so
    # two clerks registering at once get consecutive numbers, never the same.
    PetitionCounter.objects.get_or_create(year=year)
    counter = PetitionCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"XF-{year}-{counter.last:06d}"


def _clean_document(row: dict[str, Any]) -> tuple[str, str]:
    """(document type, number); the number is "" for a petitioner without one.

    Only the mainland resident ID has a check digit; another document's number
    is kept as given (upper case, no spaces)."""
    id_type: str = row.get("id_type") or IdType.RESIDENT_ID
    if id_type not in IdType.values:
        raise ValidationError(_("Unknown document type."))
    raw = (row.get("id_number") or "").strip()
    if id_type == IdType.RESIDENT_ID:
        return id_type, normalize_id_number(raw) if raw else ""
    number = "".join(raw.split()).upper()
    if not 4 <= len(number) <= 30 or not all(c.isalnum() or c in "-()" for c in number):
        raise ValidationError(_("Give the document's number (4 to 30 letters or digits)."))
    return id_type, number


def _document_key(id_type: str, number: str) -> str:
    # A resident ID hashes alone (the rows registered before other documents
    # existed); another document's number is hashed with its type.
    return number if id_type == IdType.RESIDENT_ID else f"{id_type}:{number}"


def _clean_petitioners(petitioners: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not petitioners:
        raise ValidationError({"petitioners": _("At least one petitioner is required.")})
    cleaned, errors, seen = [], [], set()
    for n, row in enumerate(petitioners, start=1):
        name = (row.get("name") or "").strip()
        if not name:
            errors.append(_("Petitioner %(n)d: the name is required.") % {"n": n})
        id_type: str = IdType.RESIDENT_ID
        number = ""
        try:
            id_type, number = _clean_document(row)
        except ValidationError as e:
            errors.append(_("Petitioner %(n)d: %(msg)s") % {"n": n, "msg": e.messages[0]})
        key = _document_key(id_type, number) if number else None
        if key and key in seen:
            errors.append(_("Petitioner %(n)d: the same ID number is listed twice.") % {"n": n})
        seen.add(key)
        cleaned.append({"name": name, "id_number": number, "id_type": id_type, "key": key,
                        "phone": (row.get("phone") or "").strip(),
                        "address": (row.get("address") or "").strip()})
    if errors:
        raise ValidationError({"petitioners": errors})
    return cleaned


def _petitioner_get_or_create(row: dict[str, Any]) -> tuple[Petitioner, str | None]:
    """The person with this document, created if new; never changed if known.

    Registration does not touch an existing person's master record: a clerk of
    one unit must not rewrite what another unit holds. A different name is
    returned as a warning for the clerk instead (docs/security.md). Without a
    document nothing identifies the person, so each registration is a new row.
    """
    if not row["key"]:
        return Petitioner.objects.create(
            name=row["name"], phone=row["phone"], address=row["address"], id_hash=None,
            id_number_encrypted="", id_masked="", id_type=row["id_type"]), None
    masked = (mask_id_number(row["id_number"]) if row["id_type"] == IdType.RESIDENT_ID
              else mask_document(row["id_number"]))
    person, created = Petitioner.objects.get_or_create(id_hash=keyed_hash(row["key"]), defaults={
        "name": row["name"], "phone": row["phone"], "address": row["address"],
        "id_number_encrypted": encrypt(row["id_number"]), "id_type": row["id_type"],
        "id_masked": masked})
    if not created and person.name and person.name != row["name"]:
        return person, _("The ID number %(id)s is registered as %(name)s.") % {
            "id": person.id_masked, "name": person.name}
    return person, None


def _lock_id_hashes(id_numbers: list[str]) -> None:
    """Serialise registrations of the same person until the transaction ends, so
    two clerks registering one new person at once cannot both find no earlier
    petition (both "first"). Sorted, so two multi-person registrations never
    wait on each other in opposite orders."""
    if connection.vendor != "postgresql":
        return  # SQLite serialises every write transaction anyway
    with connection.cursor() as cursor:
        for key in sorted(keyed_hash(n) for n in id_numbers):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                           [_ID_LOCK_SPACE, key])


# The first key of the two-key advisory locks on ID hashes (any constant).
_ID_LOCK_SPACE = 7_310_102


def petition_find_earlier(*, id_numbers: list[str], category: str,
                          received_on: date) -> Petition | None:
    """The latest earlier petition of the same petitioner(s) on the same matter.

    "Same matter" is the same category (decisions.md); the ID numbers are
    compared through their keyed hash only. Petitioners without a document are
    never repeats (nothing says they are the same person).
    """
    hashes = [keyed_hash(n) for n in id_numbers if n]
    if not hashes:
        return None
    return (Petition.objects.filter(links__petitioner__id_hash__in=hashes, category=category,
                                    received_on__lte=received_on)
            .order_by("-received_on", "-id").first())


LATE_ENTRY_EARLIEST = date(2000, 1, 1)


def _one_year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _check_received_on(received_on: date, *, late_entry: bool, late_entry_reason: str,
                       today: date) -> str:
    """The received date against today; a date over a year back needs 补录 and a reason."""
    if received_on > today:
        raise ValidationError({"received_on": _("The date cannot be in the future.")})
    if received_on < LATE_ENTRY_EARLIEST:
        raise ValidationError({"received_on": _("The date cannot be before %(d)s.")
                               % {"d": LATE_ENTRY_EARLIEST.isoformat()}})
    reason = (late_entry_reason or "").strip()
    if late_entry and not reason:
        raise ValidationError({"late_entry_reason": _("Give the reason for the late entry.")})
    if received_on < _one_year_before(today) and not late_entry:
        raise ValidationError({"received_on": _(
            "Received more than a year ago: mark it as a late entry (补录) and give the "
            "reason.")})
    return reason if late_entry else ""


def _check_source(*, source: str, upper_ref: str, feedback_due: date | None,
                  received_on: date) -> str:
    """A case from above (上级交办) has the upper office's reference and its
    deadline for feedback; a local one has neither. Returns the reference."""
    if source not in Petition.Source.values:
        raise ValidationError({"source": _("Unknown source.")})
    upper_ref = (upper_ref or "").strip()
    if source == Petition.Source.LOCAL:
        if upper_ref or feedback_due:
            raise ValidationError({"source": _(
                "A reference and a feedback deadline are given only for a case from above.")})
        return ""
    errors = {}
    if not upper_ref:
        errors["upper_ref"] = [_("Give the upper office's reference number.")]
    if feedback_due is None:
        errors["feedback_due"] = [_("Give the upper office's deadline for feedback.")]
    elif feedback_due < received_on:
        errors["feedback_due"] = [_("The feedback deadline cannot be before the date "
                                    "received.")]
    if errors:
        raise ValidationError(errors)
    return upper_ref


def _check_reception(*, actor: User | None, reception: LeaderReception | None, channel: str,
                     received_on: date) -> None:
    """A petition received at a leader's reception day carries the day's channel and date."""
    if reception is None:
        if channel == Petition.Channel.LEADER_RECEPTION:
            raise ValidationError({"reception": _("Choose the reception day it was "
                                                  "received at.")})
        return
    if actor is not None and not unit_in_scope(actor, reception.org_unit):
        raise ValidationError({"reception": _("No such reception day.")})
    if channel != Petition.Channel.LEADER_RECEPTION:
        raise ValidationError({"channel": _("A petition received at a reception day has the "
                                            "channel Leader reception.")})
    if received_on != reception.held_on:
        raise ValidationError({"received_on": _("The reception day was %(d)s.")
                               % {"d": reception.held_on.isoformat()}})


@transaction.atomic
def petition_register(*, actor: User | None, channel: str, received_on: date, org_unit: OrgUnit,
                      category: str, title: str, content: str, headcount: int, level: str,
                      petitioners: list[dict[str, Any]], late_entry: bool = False,
                      late_entry_reason: str = "", matter_unit: OrgUnit | None = None,
                      source: str = Petition.Source.LOCAL,
                      upper_ref: str = "", feedback_due: date | None = None,
                      reception: LeaderReception | None = None,
                      today: date | None = None) -> Petition:
    if actor is not None and not can_register(actor):
        raise PermissionDenied(_("Your role may not register petitions."))
    if actor is not None and not unit_in_scope(actor, org_unit):
        raise ValidationError({"org_unit": _("This unit is outside your scope.")})
    upper_ref = _check_source(source=source or Petition.Source.LOCAL, upper_ref=upper_ref,
                              feedback_due=feedback_due, received_on=received_on)
    _check_reception(actor=actor, reception=reception, channel=channel, received_on=received_on)
    late_entry_reason = _check_received_on(
        received_on, late_entry=late_entry, late_entry_reason=late_entry_reason,
        today=today or local_today())
    if not category_is_valid(category):
        raise ValidationError({"category": _("Choose a category.")})
    surfaced = _check_matter_unit(org_unit, matter_unit)
    rows = _clean_petitioners(petitioners)
    if headcount < len(rows):
        raise ValidationError({"headcount": _("The headcount cannot be below the number of "
                                              "petitioners listed.")})
    keys = [r["key"] for r in rows if r["key"]]
    _lock_id_hashes(keys)
    earlier = petition_find_earlier(id_numbers=keys,
                                    category=category, received_on=received_on)
    policy = getattr(settings, "DEADLINE_POLICY", "calendar")
    p = Petition(
        number=_next_number(received_on.year), query_code=new_query_code(), channel=channel, received_on=received_on,
        org_unit=org_unit, matter_unit=matter_unit, category=category, title=title.strip(),
        content=content.strip(), headcount=headcount, level=level, deadline_policy=policy, created_by=actor,
        late_entry=bool(late_entry), late_entry_reason=late_entry_reason,
        source=source or Petition.Source.LOCAL, upper_ref=upper_ref, feedback_due=feedback_due,
        reception=reception, leader=reception.leader if reception else None,
        is_collective=headcount >= Petition.COLLECTIVE_HEADCOUNT,
        is_repeat=earlier is not None, repeat_of=earlier, is_first=earlier is None,
        # Presented at province or national level before the matter was ever
        # brought here; a repeat was brought here first (domain.md).
        is_level_skipping=level in (Petition.Level.PROVINCE, Petition.Level.NATIONAL)
        and earlier is None,
        not_acceptable_again=earlier is not None and (
            earlier.recheck_replied_on is not None or earlier.not_acceptable_again),
    )
    p.acceptance_due = dl.deadline_after(received_on, dl.ACCEPTANCE_DAYS, policy)
    p.current_due = p.acceptance_due
    p.responsible_unit_id = p.step_unit_id()
    p.full_clean(exclude=["number", "petitioners", "repeat_of", "created_by", "org_unit",
                          "category"])
    p.save()
    links, warnings = [], []
    for i, r in enumerate(rows):
        person, warning = _petitioner_get_or_create(r)
        warnings += [warning] if warning else []
        links.append(PetitionPetitioner(petition=p, petitioner=person, position=i,
                                        phone=r["phone"], address=r["address"]))
    PetitionPetitioner.objects.bulk_create(links)
    petition_search_refresh(petition_ids=[p.pk])
    # For the registering clerk (the page shows them); not stored.
    p.warnings = warnings
    record_event(
        p, actor=actor, action="register",
        data={"repeat_of": earlier.number if earlier else None,
              "not_acceptable_again": p.not_acceptable_again,
              "late_entry": p.late_entry,
              **({"matter_unit": matter_unit.code} if matter_unit else {}),
              **({"upper_ref": upper_ref, "feedback_due": feedback_due.isoformat()}
                 if feedback_due else {}),
              **({"reception": reception.pk} if reception else {})})
    if surfaced and matter_unit is not None:
        # The township hears that its matter surfaced above (issue 20, item 7).
        notify(org_unit=matter_unit, kind=Notification.Kind.SURFACED,
               day=today or local_today(), ref=("petition", p.pk),
               text=_("A matter in your area was registered at city level: %(ref)s"))
    return p


def _check_matter_unit(org_unit: OrgUnit, matter_unit: OrgUnit | None) -> bool:
    """Whether the matter's township is to be told: a township named for a petition
    registered at city level (the city office or a city department)."""
    if matter_unit is None:
        return False
    if matter_unit.kind != OrgUnit.Kind.TOWNSHIP:
        raise ValidationError({"matter_unit": _("Name the township where the matter arose.")})
    if org_unit.kind not in (OrgUnit.Kind.CITY, OrgUnit.Kind.DEPARTMENT):
        raise ValidationError({"matter_unit": _(
            "Only a petition registered at city level names the township of the matter.")})
    return True


# ---------------------------------------------------------------- decisions

def petition_terminated_matter(*, petition: Petition) -> Petition | None:
    """An earlier petition of the same petitioner(s) on the same matter (category)
    that was closed after re-review (三级终结), or None. Petitioners without a
    document match nothing."""
    person_ids = [pp.petitioner_id for pp in petition.links.all()]
    return (Petition.objects
            .filter(links__petitioner_id__in=person_ids, links__petitioner__id_hash__isnull=False,
                    category=petition.category, received_on__lte=petition.received_on,
                    recheck_replied_on__isnull=False, status__in=[S.RECHECKED, S.CLOSED])
            .exclude(pk=petition.pk).order_by("-recheck_replied_on", "-id").first())


@transaction.atomic
def petition_accept(*, petition_id: int, actor: User, on: date, override_reason: str = "",
                    today: date | None = None) -> Petition:
    """Accept; a matter already closed after re-review is refused (409) unless a
    city officer overrides it for new facts, with a reason (audited)."""
    p = _lock(petition_id, actor, "accept")
    MOVES.check("accept", p.status)
    MOVES.check_date("accept", p, on, today=today)
    override_reason = (override_reason or "").strip()
    if override_reason and not can_override_termination(actor):
        raise PermissionDenied(_("Only the city office may accept a matter closed after "
                                 "re-review."))
    earlier = petition_terminated_matter(petition=p)
    if earlier is not None and not override_reason:
        raise TransitionError(_(
            "The same matter was closed after re-review in %(n)s (three-level termination): "
            "it is not accepted again on the same facts. The city office may accept it for "
            "new facts, with a reason.") % {"n": earlier.number})
    old, p.status, p.accepted_on = p.status, S.ACCEPTED, on
    p.handling_due = _due(p, on, dl.HANDLING_DAYS)
    if earlier is None:
        return _save(p, actor, "accept", old, ["accepted_on", "handling_due"])
    _save(p, actor, "accept_override", old, ["accepted_on", "handling_due"],
          note=override_reason, data={"earlier": earlier.number})
    audit(action="termination_override", user=actor, obj_type="petition", obj_id=p.pk,
          data={"petition": p.number, "earlier": earlier.number, "reason": override_reason})
    return p


@transaction.atomic
def petition_decline(*, petition_id: int, actor: User, on: date, reason: str,
                     today: date | None = None) -> Petition:
    p = _lock(petition_id, actor, "decline")
    MOVES.check("decline", p.status)
    MOVES.check_date("decline", p, on, today=today)
    reason = _required_text(reason, "reason")
    old, p.status, p.declined_on, p.decline_reason = p.status, S.DECLINED, on, reason
    return _save(p, actor, "decline", old, ["declined_on", "decline_reason"], note=reason)


@transaction.atomic
def petition_forward(*, petition_id: int, actor: User, on: date, agency: str,
                     today: date | None = None) -> Petition:
    p = _lock(petition_id, actor, "forward")
    MOVES.check("forward", p.status)
    MOVES.check_date("forward", p, on, today=today)
    agency = _required_text(agency, "agency")
    old, p.status, p.forwarded_on, p.forward_agency = p.status, S.FORWARDED, on, agency
    return _save(p, actor, "forward", old, ["forwarded_on", "forward_agency"], note=agency)


@transaction.atomic
def petition_assign(*, petition_id: int, actor: User, org_unit: OrgUnit,
                    today: date | None = None) -> Petition:
    p = _lock(petition_id, actor, "assign")
    MOVES.check("assign", p.status)
    if not unit_in_scope(actor, org_unit):
        raise ValidationError({"org_unit": _("This unit is outside your scope.")})
    assigned_on = today or local_today()
    old, p.status, p.handling_unit, p.assigned_on = p.status, S.ASSIGNED, org_unit, assigned_on
    p = _save(p, actor, "assign", old, ["handling_unit", "assigned_on"],
              data={"org_unit": org_unit.code})
    # The unit hears of it now, not when the step falls due (issue 17, item 9).
    notify(org_unit=org_unit, kind=Notification.Kind.HANDOVER, day=assigned_on,
           ref=("petition", p.pk), text=_("%(ref)s was handed over to your unit."))
    return p


def _check_extension(p: Petition, action: str, days: int, reason: str) -> str:
    MOVES.check(action, p.status)
    if p.extended_days:
        raise TransitionError(_("The handling time has already been extended once."))
    if not 1 <= days <= dl.MAX_EXTENSION_DAYS:
        raise ValidationError({"days": _("Between 1 and 30 days.")})
    return _required_text(reason, "reason")


def _grant_extension(p: Petition, days: int, reason: str) -> list[str]:
    p.extended_days, p.extension_reason = days, reason
    p.extension_requested_days, p.extension_request_reason = 0, ""
    # The extension adds to the legal 60 days, counted again from acceptance.
    assert p.accepted_on is not None  # being handled (the table's check): it was accepted
    p.handling_due = _due(p, p.accepted_on, dl.HANDLING_DAYS + days)
    return ["extended_days", "extension_reason", "handling_due", "extension_requested_days",
            "extension_request_reason"]


@transaction.atomic
def petition_extend(*, petition_id: int, actor: User, days: int, reason: str) -> Petition:
    """The leader's own extension: request and approval in one step (decisions.md)."""
    p = _lock(petition_id, actor, "extend")
    reason = _check_extension(p, "extend", days, reason)
    if p.extension_pending:
        raise TransitionError(_("An extension request is waiting: approve or refuse it."))
    old = p.status
    return _save(p, actor, "extend", old, _grant_extension(p, days, reason), note=reason,
                 data={"days": days})


@transaction.atomic
def petition_request_extension(*, petition_id: int, actor: User, days: int, reason: str,
                               today: date | None = None) -> Petition:
    """The handling clerk asks the unit leader for more time (one request at a time)."""
    p = _lock(petition_id, actor, "request_extension")
    reason = _check_extension(p, "request_extension", days, reason)
    if p.extension_pending:
        raise TransitionError(_("An extension request is already waiting for the leader."))
    old = p.status
    p.extension_requested_days, p.extension_request_reason = days, reason
    p.extension_requested_on = today or local_today()
    return _save(p, actor, "request_extension", old,
                 ["extension_requested_days", "extension_request_reason",
                  "extension_requested_on"], note=reason, data={"days": days})


def _pending_request(petition_id: int, actor: User, action: str) -> Petition:
    p = _lock(petition_id, actor, action)
    if not p.extension_pending:
        raise TransitionError(_("There is no extension request waiting."))
    MOVES.check(action, p.status)
    return p


@transaction.atomic
def petition_approve_extension(*, petition_id: int, actor: User) -> Petition:
    p = _pending_request(petition_id, actor, "approve_extension")
    days, reason, old = p.extension_requested_days, p.extension_request_reason, p.status
    return _save(p, actor, "approve_extension", old, _grant_extension(p, days, reason),
                 data={"days": days})


@transaction.atomic
def petition_refuse_extension(*, petition_id: int, actor: User, reason: str) -> Petition:
    """The leader refuses: the request is cleared, the deadline stays; the clerk may ask again."""
    p = _pending_request(petition_id, actor, "refuse_extension")
    reason = _required_text(reason, "reason")
    old, days = p.status, p.extension_requested_days
    p.extension_requested_days, p.extension_request_reason = 0, ""
    return _save(p, actor, "refuse_extension", old,
                 ["extension_requested_days", "extension_request_reason"], note=reason,
                 data={"days": days})


# The written replies of the three levels: the date and the opinion they record, and
# the window the petitioner then has to ask the next level (none after re-review:
# three-level termination). The day they follow is the table's date rule.
_REPLIES: dict[str, tuple[str, str, str | None]] = {
    "reply": ("replied_on", "reply_opinion", "review_request_due"),
    "review_reply": ("review_replied_on", "review_opinion", "recheck_request_due"),
    "recheck_reply": ("recheck_replied_on", "recheck_opinion", None),
}


def _answer(petition_id: int, actor: User, action: str, on: date, opinion: str,
            today: date | None) -> Petition:
    day_field, opinion_field, window = _REPLIES[action]
    p = _lock(petition_id, actor, action)
    move = MOVES.check(action, p.status)
    MOVES.check_date(action, p, on, today=today)
    opinion = _required_text(opinion, "opinion")
    old, p.status = p.status, move.target
    setattr(p, day_field, on)
    setattr(p, opinion_field, opinion)
    fields = [day_field, opinion_field]
    if window:
        setattr(p, window, _due(p, on, dl.REQUEST_WINDOW_DAYS))
        fields.append(window)
    return _save(p, actor, action, old, fields, note=opinion)


# The petitioner's requests for review and re-review: the date they record and the
# deadline they start. The reply they follow and their window are the table's date rule.
_REQUESTS = {
    "request_review": ("review_requested_on", "review_due"),
    "request_recheck": ("recheck_requested_on", "recheck_due"),
}


def _ask_next_level(petition_id: int, actor: User, action: str, on: date,
                    today: date | None) -> Petition:
    day_field, due_field = _REQUESTS[action]
    p = _lock(petition_id, actor, action)
    move = MOVES.check(action, p.status)
    MOVES.check_date(action, p, on, today=today)
    old, p.status = p.status, move.target
    setattr(p, day_field, on)
    setattr(p, due_field, _due(p, on, dl.REVIEW_DAYS))
    return _save(p, actor, action, old, [day_field, due_field])


@transaction.atomic
def petition_reply(*, petition_id: int, actor: User, on: date, opinion: str,
                   today: date | None = None) -> Petition:
    return _answer(petition_id, actor, "reply", on, opinion, today)


@transaction.atomic
def petition_request_review(*, petition_id: int, actor: User, on: date,
                            today: date | None = None) -> Petition:
    p = _lock(petition_id, actor, "request_review")
    MOVES.check("request_review", p.status)
    MOVES.check_date("request_review", p, on, today=today)
    old, p.status, p.review_requested_on = p.status, S.UNDER_REVIEW, on
    p.review_due = _due(p, on, dl.REVIEW_DAYS)
    # Confirming a request made online: it is now registered (issue 20, item 8).
    online = p.review_asked_online_on
    p.review_asked_online_on = None
    return _save(p, actor, "request_review", old,
                 ["review_requested_on", "review_due", "review_asked_online_on"],
                 data={"asked_online_on": online.isoformat()} if online else None)


@transaction.atomic
def petition_review_reply(*, petition_id: int, actor: User, on: date, opinion: str,
                          today: date | None = None) -> Petition:
    return _answer(petition_id, actor, "review_reply", on, opinion, today)


@transaction.atomic
def petition_request_recheck(*, petition_id: int, actor: User, on: date,
                             today: date | None = None) -> Petition:
    return _ask_next_level(petition_id, actor, "request_recheck", on, today)


@transaction.atomic
def petition_record_hearing(*, petition_id: int, actor: User, on: date, days: int,
                            today: date | None = None) -> Petition:
    """A hearing held during re-review: its days do not count, so the re-review
    deadline moves out by them (counted again from the request)."""
    p = _lock(petition_id, actor, "record_hearing")
    MOVES.check("record_hearing", p.status)
    MOVES.check_date("record_hearing", p, on, today=today)
    if not 1 <= days <= dl.MAX_HEARING_DAYS:
        raise ValidationError({"days": _("Between 1 and 60 days.")})
    old, p.hearing_days = p.status, p.hearing_days + days
    assert p.recheck_requested_on is not None  # under re-review (the table's check)
    p.recheck_due = _due(p, p.recheck_requested_on, dl.REVIEW_DAYS + p.hearing_days)
    return _save(p, actor, "record_hearing", old, ["hearing_days", "recheck_due"],
                 data={"on": on.isoformat(), "days": days})


@transaction.atomic
def petition_recheck_reply(*, petition_id: int, actor: User, on: date, opinion: str,
                           today: date | None = None) -> Petition:
    return _answer(petition_id, actor, "recheck_reply", on, opinion, today)


@transaction.atomic
def petition_close(*, petition_id: int, actor: User, on: date, satisfaction: str = "",
                   today: date | None = None) -> Petition:
    p = _lock(petition_id, actor, "close")
    MOVES.check("close", p.status)
    MOVES.check_date("close", p, on, today=today)
    if satisfaction and satisfaction not in Petition.Satisfaction.values:
        raise ValidationError({"satisfaction": _("Unknown satisfaction value.")})
    old, p.status, p.closed_on = p.status, S.CLOSED, on
    p.satisfaction = satisfaction or p.satisfaction
    return _save(p, actor, "close", old, ["closed_on", "satisfaction"],
                 data={"satisfaction": p.satisfaction})


# ---------------------------------------------------------------- voiding

MAX_VOID_REASON = 2000


@transaction.atomic
def petition_void(*, petition_id: int, actor: User, reason: str, now: datetime | None = None,
                  request: HttpRequest | None = None) -> Petition:
    """Void a registration made by mistake (作废), with a reason; never a delete.

    The petition keeps its row, number and events; from now on it is left out of
    everything that counts (Petition.objects). Refused for a closed petition and
    for one already voided. Writes the petition event and an audit row; the open
    lateness alerts of its step are cleared."""
    from alerts.models import Alert
    from petitions.permissions import can_void

    p = _lock(petition_id, actor, "void")
    if not can_void(actor, p):
        raise PermissionDenied(_("Only the city office may void a petition that has been "
                                 "acted on."))
    if p.status == S.CLOSED:
        raise TransitionError(_("A closed petition cannot be voided."))
    if p.status == S.VOIDED:
        raise TransitionError(_("This petition is already voided."))
    reason = _required_text(reason, "reason")
    if len(reason) > MAX_VOID_REASON:
        raise ValidationError({"reason": _("At most 2000 characters.")})
    now = now or local_now()
    old = p.status
    p.status, p.voided_at, p.void_reason, p.voided_from = S.VOIDED, now, reason, old
    p.extension_requested_days, p.extension_request_reason = 0, ""
    _save(p, actor, "void", old, ["voided_at", "void_reason", "voided_from",
                                  "extension_requested_days", "extension_request_reason"],
          note=reason)
    Alert.objects.filter(kind=Alert.Kind.PETITION_OVERDUE, target_id=p.pk,
                         cleared_on__isnull=True).update(cleared_on=now.date())
    audit(action="petition_void", user=actor, obj_type="petition", obj_id=p.pk,
          data={"petition": p.number, "from": old, "reason": reason}, request=request, now=now)
    return p


# ---------------------------------------------------------------- feedback upward

@transaction.atomic
def petition_feedback(*, petition_id: int, actor: User, on: date, result: str,
                      today: date | None = None) -> Petition:
    """Report the handling result of a case from above back to the upper office
    (办理结果反馈): once, after the written reply. The open feedback alert
    clears on the next flag_overdue run; a late one still counts in the assessment."""
    p = _lock(petition_id, actor, "feedback")
    if p.source != Petition.Source.UPPER:
        raise TransitionError(_("Only a case from above is reported back upward."))
    if p.feedback_on is not None:
        raise TransitionError(_("The result was already fed back on %(d)s.")
                              % {"d": p.feedback_on.isoformat()})
    MOVES.check("feedback", p.status)
    MOVES.check_date("feedback", p, on, today=today)
    result = _required_text(result, "result")
    old, p.feedback_on, p.feedback_result = p.status, on, result
    return _save(p, actor, "feedback", old, ["feedback_on", "feedback_result"], note=result,
                 data={"on": on.isoformat(), "late": on > p.feedback_due if p.feedback_due
                       else False})


# ---------------------------------------------------------------- leader reception days

@transaction.atomic
def reception_create(*, actor: User, held_on: date, leader: User | None, place: str,
                     today: date | None = None) -> LeaderReception:
    """Record a leader's reception day; its unit is the leader's (for scoping)."""
    from accounts.roles import LEADER, has_role
    from petitions.permissions import can_record_reception

    if not can_record_reception(actor):
        raise PermissionDenied(_("Your role may not record reception days."))
    if leader is None or not leader.is_active or not has_role(leader, LEADER) \
            or leader.org_unit is None:
        raise ValidationError({"leader": _("Choose a leader.")})
    if not unit_in_scope(actor, leader.org_unit):
        raise ValidationError({"leader": _("This leader's unit is outside your scope.")})
    place = _required_text(place, "place")
    if held_on > (today or local_today()) + timedelta(days=366):
        raise ValidationError({"held_on": _("The day is more than a year ahead.")})
    reception = LeaderReception.objects.create(held_on=held_on, leader=leader,
                                               org_unit=leader.org_unit, place=place[:200],
                                               created_by=actor)
    audit(action="reception_create", user=actor, obj_type="reception", obj_id=reception.pk,
          data={"held_on": held_on.isoformat(), "leader": leader.username})
    return reception


# ---------------------------------------------------------------- personal data

def petition_reveal_id(*, petition: Petition, petitioner: Petitioner, actor: User,
                       request: HttpRequest | None = None) -> str:
    """The full ID number, logged as an event (who, when, which petitioner) and
    in the audit log with the client's address (`request`)."""
    from petitions.permissions import can_reveal_id

    if not can_reveal_id(actor, petition):
        raise PermissionDenied(_("Your role may not see full ID numbers."))
    record_event(petition, actor=actor, action="reveal_id", from_status=petition.status,
                 data={"petitioner": petitioner.pk})
    audit(action="reveal_id", user=actor, obj_type="petitioner", obj_id=petitioner.pk,
          data={"petition": petition.number}, request=request)
    return petitioner.id_number


@transaction.atomic
def petitioner_update(*, petitioner_id: int, actor: User, name: str, phone: str,
                      address: str, request: HttpRequest | None = None) -> Petitioner:
    """Correct a person's master record: the city's explicit, audited action.

    Registration never does this (each petition keeps the contact details it
    was given); the audit row names the fields changed, not their values.
    """
    from petitions.permissions import can_edit_petitioner

    if not can_edit_petitioner(actor):
        raise PermissionDenied(_("Only the city office may change a petitioner's record."))
    person = Petitioner.objects.select_for_update().get(pk=petitioner_id)
    name = _required_text(name, "name")
    new = {"name": name, "phone": (phone or "").strip(), "address": (address or "").strip()}
    changed = [f for f, v in new.items() if getattr(person, f) != v]
    if changed:
        for field in changed:
            setattr(person, field, new[field])
        person.save(update_fields=changed)
        if "name" in changed:
            petition_search_refresh(petition_ids=person.links.values_list("petition_id",
                                                                          flat=True))
        audit(action="petitioner_update", user=actor, obj_type="petitioner", obj_id=person.pk,
              data={"fields": changed}, request=request)
    return person


def petition_rate(*, petition_id: int, satisfaction: str) -> Petition:
    """The petitioner's own rating from the public follow-up page."""
    with transaction.atomic():
        p = Petition.objects.select_for_update().get(pk=petition_id)
        if p.replied_on is None:
            raise TransitionError(_("The matter can be rated once it has been replied."))
        if satisfaction not in Petition.Satisfaction.values:
            raise ValidationError({"satisfaction": _("Unknown satisfaction value.")})
        # One rating: whoever holds the code cannot change the petitioner's word later.
        if p.events.filter(action="rate").exists():
            raise TransitionError(_("This matter has already been rated."))
        p.satisfaction = satisfaction
        p.save(update_fields=["satisfaction", "updated_at"])
        record_event(p, actor=None, action="rate", from_status=p.status,
                     data={"satisfaction": satisfaction})
    return p


def petition_ask_review_online(*, petition_id: int, reason: str,
                               today: date | None = None) -> Petition:
    """The petitioner asks for review on the public follow-up page, within the 30 days
    after the reply. The clerk confirms it as the review request (request_review)."""
    today = today or local_today()
    with transaction.atomic():
        p = Petition.objects.select_for_update().select_related("org_unit").get(pk=petition_id)
        if p.status != S.REPLIED or p.review_request_due is None:
            raise TransitionError(_("Review can be asked for once the matter is replied."))
        if today > p.review_request_due:
            raise TransitionError(_("The 30-day window for requesting review has passed."))
        if p.review_asked_online_on is not None:
            raise TransitionError(_("Your request for review is already waiting for the office."))
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": _("Say why you ask for review.")})
        p.review_asked_online_on, p.review_asked_online_reason = today, reason[:2000]
        p.save(update_fields=["review_asked_online_on", "review_asked_online_reason",
                              "updated_at"])
        record_event(p, actor=None, action="ask_review_online", from_status=p.status,
                     note=p.review_asked_online_reason)
        notify(org_unit=p.handling_unit or p.org_unit, kind=Notification.Kind.REVIEW_ASKED,
               day=today, ref=("petition", p.pk),
               text=_("The petitioner asked online for review of %(ref)s: confirm it."))
    return p


def petition_find_earlier_any(*, id_number: str) -> Petition | None:
    """The petitioner's latest petition, whatever the matter (registration hint)."""
    return (Petition.objects.filter(links__petitioner__id_hash=keyed_hash(id_number))
            .order_by("-received_on", "-id").first())


# ------------------------------------------------ look-ups of a person (issue 20, item 10)

def person_lookup_record(*, actor: User, kind: str, reason: str, note: str, petition: Petition,
                         person: Petitioner | None = None, request: HttpRequest | None = None,
                         now: datetime | None = None) -> AuditEntry:
    """Record one look-up of a person's data: who, why, for which case.

    The case must be one of the person's own petitions when a person is named.
    """
    errors = {}
    if kind not in LookupKind.values:
        errors["kind"] = _("Unknown kind of look-up.")
    if reason not in LookupReason.values:
        errors["reason"] = _("Choose the reason for the look-up.")
    if not (note or "").strip():
        errors["reason_note"] = _("Say why you look this person up.")
    if person is not None and not petition.links.filter(petitioner=person).exists():
        errors["case_number"] = _("The case must be one of this petitioner's petitions.")
    if errors:
        raise ValidationError(errors)
    return audit(action="person_lookup", user=actor, obj_type="petition", obj_id=petition.number,
                 data={"kind": kind, "reason": reason, "note": note.strip(),
                       "case": petition.number}, request=request, now=now)


def petition_list_filter_check(*, user: User, params: Mapping[str, Any],
                               request: HttpRequest | None = None,
                               now: datetime | None = None) -> None:
    """The 进京 / 越级 filtered list: city roles only, and each use is audited."""
    used = statistical_filters_used(params)
    if not used:
        return
    if not is_city_role(user):
        raise PermissionDenied(_("The level-skipping and Beijing lists are for the city office; "
                                 "the dashboard shows their counts."))
    audit(action="petition_list_statistical_filter", user=user, obj_type="petition",
          data={"filters": used}, request=request, now=now)

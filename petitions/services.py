"""Every write to a petition: registration and one function per transition.

Each transition locks the row, checks the role and the status, validates the
date, recomputes the due dates and writes one in one transaction.
Browser views and the API call the same functions.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from accounts.models import OrgUnit
from accounts.scoping import unit_in_scope
from alerts.models import Notification
from alerts.services import notify
from audit.services import audit
from core.crypto import encrypt, keyed_hash
from core.dates import local_today
from core.errors import TransitionError
from core.events import record_event
from petitions import deadlines as dl
from petitions.categories import category_is_valid
from petitions.idnumbers import mask_document, mask_id_number, normalize_id_number
from petitions.models import (
    IdType,
    Petition,
    PetitionCounter,
    Petitioner,
    PetitionPetitioner,
    new_query_code,
)
from petitions.permissions import can_act, can_override_termination, can_register
from petitions.search import petition_search_refresh

S = Petition.Status
# The fields a transition may change that search_text is made of (petitions.search).
SEARCHED_FIELDS = {"reply_opinion", "review_opinion", "recheck_opinion"}


# ---------------------------------------------------------------- helpers

def _current_due(p: Petition) -> date | None:
    return {
        S.REGISTERED: p.acceptance_due,
        S.ACCEPTED: p.handling_due,
        S.ASSIGNED: p.handling_due,
        S.UNDER_REVIEW: p.review_due,
        S.UNDER_RECHECK: p.recheck_due,
    }.get(p.status)


def _due(p: Petition, start: date, days: int) -> date:
    return dl.deadline_after(start, days, p.deadline_policy)


def _lock(petition_id: int, actor, action: str) -> Petition:
    if not can_act(actor, action):
        raise PermissionDenied(_("Your role may not do this."))
    return Petition.objects.select_for_update().get(pk=petition_id)


def _require(p: Petition, statuses, message: str) -> None:
    if p.status not in statuses:
        raise TransitionError(message)


def _check_on(on: date, previous: date | None, field: str = "on", *,
              today: date | None = None) -> None:
    if on > (today or local_today()):
        raise ValidationError({field: _("The date cannot be in the future.")})
    if previous is not None and on < previous:
        raise ValidationError({field: _("The date cannot be before the previous step (%(d)s).")
                               % {"d": previous.isoformat()}})


def _required_text(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("This field is required.")})
    return value


def _save(p: Petition, actor, action: str, old: str, fields: list[str], *, note: str = "",
          data: dict | None = None) -> Petition:
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


def _clean_document(row: dict) -> tuple[str, str]:
    """(document type, number); the number is "" for a petitioner without one.

    Only the mainland resident ID has a check digit; another document's number
    is kept as given (upper case, no spaces)."""
    id_type = row.get("id_type") or IdType.RESIDENT_ID
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


def _clean_petitioners(petitioners: list[dict]) -> list[dict]:
    if not petitioners:
        raise ValidationError({"petitioners": _("At least one petitioner is required.")})
    cleaned, errors, seen = [], [], set()
    for n, row in enumerate(petitioners, start=1):
        name = (row.get("name") or "").strip()
        if not name:
            errors.append(_("Petitioner %(n)d: the name is required.") % {"n": n})
        id_type, number = IdType.RESIDENT_ID, ""
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


def _petitioner_get_or_create(row: dict) -> tuple[Petitioner, str | None]:
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


@transaction.atomic
def petition_register(*, actor, channel: str, received_on: date, org_unit: OrgUnit,
                      category: str, title: str, content: str, headcount: int, level: str,
                      petitioners: list[dict], late_entry: bool = False,
                      late_entry_reason: str = "", today: date | None = None) -> Petition:
    if actor is not None and not can_register(actor):
        raise PermissionDenied(_("Your role may not register petitions."))
    if actor is not None and not unit_in_scope(actor, org_unit):
        raise ValidationError({"org_unit": _("This unit is outside your scope.")})
    late_entry_reason = _check_received_on(
        received_on, late_entry=late_entry, late_entry_reason=late_entry_reason,
        today=today or local_today())
    if not category_is_valid(category):
        raise ValidationError({"category": _("Choose a category.")})
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
        org_unit=org_unit, category=category, title=title.strip(), content=content.strip(),
        headcount=headcount, level=level, deadline_policy=policy, created_by=actor,
        late_entry=bool(late_entry), late_entry_reason=late_entry_reason,
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
              "late_entry": p.late_entry})
    return p


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
def petition_accept(*, petition_id: int, actor, on: date, override_reason: str = "",
                    today: date | None = None) -> Petition:
    """Accept; a matter already closed after re-review is refused (409) unless a
    city officer overrides it for new facts, with a reason (audited)."""
    p = _lock(petition_id, actor, "accept")
    _require(p, [S.REGISTERED], _("Only a registered petition can be accepted."))
    _check_on(on, p.received_on, today=today)
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
def petition_decline(*, petition_id: int, actor, on: date, reason: str,
                     today: date | None = None) -> Petition:
    p = _lock(petition_id, actor, "decline")
    _require(p, [S.REGISTERED], _("Only a registered petition can be declined."))
    _check_on(on, p.received_on, today=today)
    reason = _required_text(reason, "reason")
    old, p.status, p.declined_on, p.decline_reason = p.status, S.DECLINED, on, reason
    return _save(p, actor, "decline", old, ["declined_on", "decline_reason"], note=reason)


@transaction.atomic
def petition_forward(*, petition_id: int, actor, on: date, agency: str,
                     today: date | None = None) -> Petition:
    p = _lock(petition_id, actor, "forward")
    _require(p, [S.REGISTERED], _("Only a registered petition can be forwarded."))
    _check_on(on, p.received_on, today=today)
    agency = _required_text(agency, "agency")
    old, p.status, p.forwarded_on, p.forward_agency = p.status, S.FORWARDED, on, agency
    return _save(p, actor, "forward", old, ["forwarded_on", "forward_agency"], note=agency)


@transaction.atomic
def petition_assign(*, petition_id: int, actor, org_unit: OrgUnit,
                    today: date | None = None) -> Petition:
    p = _lock(petition_id, actor, "assign")
    _require(p, [S.ACCEPTED], _("Only an accepted petition can be assigned."))
    if not unit_in_scope(actor, org_unit):
        raise ValidationError({"org_unit": _("This unit is outside your scope.")})
    old, p.status, p.handling_unit, p.assigned_on = p.status, S.ASSIGNED, org_unit, (
        today or local_today())
    p = _save(p, actor, "assign", old, ["handling_unit", "assigned_on"],
              data={"org_unit": org_unit.code})
    # The unit hears of it now, not when the step falls due (issue 17, item 9).
    notify(org_unit=org_unit, kind=Notification.Kind.HANDOVER, day=p.assigned_on,
           ref=("petition", p.pk), text=_("%(ref)s was handed over to your unit."))
    return p


def _check_extension(p: Petition, days: int, reason: str) -> str:
    _require(p, [S.ACCEPTED, S.ASSIGNED], _("Only a petition being handled can be extended."))
    if p.extended_days:
        raise TransitionError(_("The handling time has already been extended once."))
    if not 1 <= days <= dl.MAX_EXTENSION_DAYS:
        raise ValidationError({"days": _("Between 1 and 30 days.")})
    return _required_text(reason, "reason")


def _grant_extension(p: Petition, days: int, reason: str) -> list[str]:
    p.extended_days, p.extension_reason = days, reason
    p.extension_requested_days, p.extension_request_reason = 0, ""
    # The extension adds to the legal 60 days, counted again from acceptance.
    p.handling_due = _due(p, p.accepted_on, dl.HANDLING_DAYS + days)
    return ["extended_days", "extension_reason", "handling_due", "extension_requested_days",
            "extension_request_reason"]


@transaction.atomic
def petition_extend(*, petition_id: int, actor, days: int, reason: str) -> Petition:
    """The leader's own extension: request and approval in one step (decisions.md)."""
    p = _lock(petition_id, actor, "extend")
    reason = _check_extension(p, days, reason)
    if p.extension_pending:
        raise TransitionError(_("An extension request is waiting: approve or refuse it."))
    old = p.status
    return _save(p, actor, "extend", old, _grant_extension(p, days, reason), note=reason,
                 data={"days": days})


@transaction.atomic
def petition_request_extension(*, petition_id: int, actor, days: int, reason: str,
                               today: date | None = None) -> Petition:
    """The handling clerk asks the unit leader for more time (one request at a time)."""
    p = _lock(petition_id, actor, "request_extension")
    reason = _check_extension(p, days, reason)
    if p.extension_pending:
        raise TransitionError(_("An extension request is already waiting for the leader."))
    old = p.status
    p.extension_requested_days, p.extension_request_reason = days, reason
    p.extension_requested_on = today or local_today()
    return _save(p, actor, "request_extension", old,
                 ["extension_requested_days", "extension_request_reason",
                  "extension_requested_on"], note=reason, data={"days": days})


def _pending_request(petition_id: int, actor, action: str) -> Petition:
    p = _lock(petition_id, actor, action)
    if not p.extension_pending:
        raise TransitionError(_("There is no extension request waiting."))
    _require(p, [S.ACCEPTED, S.ASSIGNED], _("Only a petition being handled can be extended."))
    return p


@transaction.atomic
def petition_approve_extension(*, petition_id: int, actor) -> Petition:
    p = _pending_request(petition_id, actor, "approve_extension")
    days, reason, old = p.extension_requested_days, p.extension_request_reason, p.status
    return _save(p, actor, "approve_extension", old, _grant_extension(p, days, reason),
                 data={"days": days})


@transaction.atomic
def petition_refuse_extension(*, petition_id: int, actor, reason: str) -> Petition:
    """The leader refuses: the request is cleared, the deadline stays; the clerk may ask again."""
    p = _pending_request(petition_id, actor, "refuse_extension")
    reason = _required_text(reason, "reason")
    old, days = p.status, p.extension_requested_days
    p.extension_requested_days, p.extension_request_reason = 0, ""
    return _save(p, actor, "refuse_extension", old,
                 ["extension_requested_days", "extension_request_reason"], note=reason,
                 data={"days": days})


@transaction.atomic
def petition_reply(*, petition_id: int, actor, on: date, opinion: str,
                   today: date | None = None) -> Petition:
    p = _lock(petition_id, actor, "reply")
    _require(p, [S.ACCEPTED, S.ASSIGNED], _("Only a petition being handled can be replied."))
    _check_on(on, p.accepted_on, today=today)
    opinion = _required_text(opinion, "opinion")
    old, p.status, p.replied_on, p.reply_opinion = p.status, S.REPLIED, on, opinion
    p.review_request_due = _due(p, on, dl.REQUEST_WINDOW_DAYS)
    return _save(p, actor, "reply", old, ["replied_on", "reply_opinion", "review_request_due"],
                 note=opinion)


@transaction.atomic
def petition_request_review(*, petition_id: int, actor, on: date,
                            today: date | None = None) -> Petition:
    p = _lock(petition_id, actor, "request_review")
    _require(p, [S.REPLIED], _("Review can only be requested on a replied petition."))
    _check_on(on, p.replied_on, today=today)
    if on > p.review_request_due:
        raise TransitionError(_("The 30-day window for requesting review has passed."))
    old, p.status, p.review_requested_on = p.status, S.UNDER_REVIEW, on
    p.review_due = _due(p, on, dl.REVIEW_DAYS)
    return _save(p, actor, "request_review", old, ["review_requested_on", "review_due"])


@transaction.atomic
def petition_review_reply(*, petition_id: int, actor, on: date, opinion: str,
                          today: date | None = None) -> Petition:
    p = _lock(petition_id, actor, "review_reply")
    _require(p, [S.UNDER_REVIEW], _("Only a petition under review can get a review reply."))
    _check_on(on, p.review_requested_on, today=today)
    opinion = _required_text(opinion, "opinion")
    old, p.status, p.review_replied_on, p.review_opinion = p.status, S.REVIEWED, on, opinion
    p.recheck_request_due = _due(p, on, dl.REQUEST_WINDOW_DAYS)
    return _save(p, actor, "review_reply", old,
                 ["review_replied_on", "review_opinion", "recheck_request_due"], note=opinion)


@transaction.atomic
def petition_request_recheck(*, petition_id: int, actor, on: date,
                             today: date | None = None) -> Petition:
    p = _lock(petition_id, actor, "request_recheck")
    _require(p, [S.REVIEWED], _("Re-review can only be requested after a review reply."))
    _check_on(on, p.review_replied_on, today=today)
    if on > p.recheck_request_due:
        raise TransitionError(_("The 30-day window for requesting re-review has passed."))
    old, p.status, p.recheck_requested_on = p.status, S.UNDER_RECHECK, on
    p.recheck_due = _due(p, on, dl.REVIEW_DAYS)
    return _save(p, actor, "request_recheck", old, ["recheck_requested_on", "recheck_due"])


MAX_HEARING_DAYS = 60


@transaction.atomic
def petition_record_hearing(*, petition_id: int, actor, on: date, days: int,
                            today: date | None = None) -> Petition:
    """A hearing held during re-review: its days do not count, so the re-review
    deadline moves out by them (counted again from the request)."""
    p = _lock(petition_id, actor, "record_hearing")
    _require(p, [S.UNDER_RECHECK], _("A hearing is recorded only during re-review."))
    _check_on(on, p.recheck_requested_on, today=today)
    if not 1 <= days <= MAX_HEARING_DAYS:
        raise ValidationError({"days": _("Between 1 and 60 days.")})
    old, p.hearing_days = p.status, p.hearing_days + days
    p.recheck_due = _due(p, p.recheck_requested_on, dl.REVIEW_DAYS + p.hearing_days)
    return _save(p, actor, "record_hearing", old, ["hearing_days", "recheck_due"],
                 data={"on": on.isoformat(), "days": days})


@transaction.atomic
def petition_recheck_reply(*, petition_id: int, actor, on: date, opinion: str,
                           today: date | None = None) -> Petition:
    p = _lock(petition_id, actor, "recheck_reply")
    _require(p, [S.UNDER_RECHECK], _("Only a petition under re-review can get a re-review reply."))
    _check_on(on, p.recheck_requested_on, today=today)
    opinion = _required_text(opinion, "opinion")
    old, p.status, p.recheck_replied_on, p.recheck_opinion = p.status, S.RECHECKED, on, opinion
    return _save(p, actor, "recheck_reply", old, ["recheck_replied_on", "recheck_opinion"],
                 note=opinion)


@transaction.atomic
def petition_close(*, petition_id: int, actor, on: date, satisfaction: str = "",
                   today: date | None = None) -> Petition:
    p = _lock(petition_id, actor, "close")
    _require(p, [S.REPLIED, S.REVIEWED, S.RECHECKED],
             _("Only a replied, reviewed or re-reviewed petition can be closed."))
    _check_on(on, p.recheck_replied_on or p.review_replied_on or p.replied_on, today=today)
    if satisfaction and satisfaction not in Petition.Satisfaction.values:
        raise ValidationError({"satisfaction": _("Unknown satisfaction value.")})
    old, p.status, p.closed_on = p.status, S.CLOSED, on
    p.satisfaction = satisfaction or p.satisfaction
    return _save(p, actor, "close", old, ["closed_on", "satisfaction"],
                 data={"satisfaction": p.satisfaction})


# ---------------------------------------------------------------- personal data

def petition_reveal_id(*, petition: Petition, petitioner: Petitioner, actor,
                       request=None) -> str:
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
def petitioner_update(*, petitioner_id: int, actor, name: str, phone: str, address: str,
                      request=None) -> Petitioner:
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


def petition_find_earlier_any(*, id_number: str) -> Petition | None:
    """The petitioner's latest petition, whatever the matter (registration hint)."""
    return (Petition.objects.filter(links__petitioner__id_hash=keyed_hash(id_number))
            .order_by("-received_on", "-id").first())

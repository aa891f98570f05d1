"""The only code that writes backlog records: one function per transition.

Each transition locks the case, checks its status (TransitionError -> 409),
validates its input (ValidationError -> 400), saves with update_fields and
writes a BacklogEvent.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import OrgUnit, User
from alerts.models import Notification
from alerts.services import notify
from backlog.models import BacklogCase, Campaign, Evidence, OutcomeDocument, ProgressReport
from backlog.permissions import can_act
from backlog.transitions import MOVES, due_on_error
from core.dates import local_today
from core.errors import TransitionError
from core.events import record_event
from core.numbering import BACKLOG_PREFIX, next_number
from petitions.models import Petition

S = BacklogCase.Status

# Wording that records a promise to stop petitioning (息诉罢访承诺) rather than
# the settlement of the matter: refused as an outcome (issue 20, item 9).
UNDERTAKING_WORDS = ("息诉罢访", "不再信访", "不再上访", "停止上访", "停止信访")

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# Extension -> the magic bytes a real file of that kind starts with.
EVIDENCE_TYPES = {
    ".pdf": (b"%PDF",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}


def _require(user: User, action: str) -> None:
    if not can_act(user, action):
        raise PermissionDenied(_("Your role may not do this."))


def _lock(case_id: int) -> BacklogCase:
    return BacklogCase.objects.select_for_update().get(pk=case_id)


def is_unit_leader(user: User, unit: OrgUnit) -> bool:
    return (user.is_active and user.org_unit_id == unit.pk
            and user.groups.filter(name=roles.LEADER).exists())


def campaign_create(*, actor: User, name: str, year: int, starts_on: date, ends_on: date,
                    launched_by_meeting: str = "", meeting_on: date | None = None,
                    target_rate: Decimal = Decimal(90)) -> Campaign:
    _require(actor, "create")
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The campaign cannot end before it starts.")})
    return Campaign.objects.create(name=name, year=year, starts_on=starts_on, ends_on=ends_on,
                                   launched_by_meeting=launched_by_meeting,
                                   meeting_on=meeting_on, target_rate=target_rate,
                                   created_by=actor)


@transaction.atomic
def case_create(*, actor: User, campaign: Campaign, title: str, org_unit: OrgUnit,
                leader: User, due_on: date, petition: Petition | None = None,
                assigned_on: date | None = None) -> BacklogCase:
    """Hand a case over (交办) to a unit and its leader in charge (包案领导)."""
    _require(actor, "create")
    assigned_on = assigned_on or local_today()
    if not org_unit.is_reporting:
        raise ValidationError({"org_unit": _("Cases go to a township, department or unit.")})
    if not is_unit_leader(leader, org_unit):
        raise ValidationError({"leader": _("The leader in charge must be a leader of that unit.")})
    if error := due_on_error(due_on, assigned_on=assigned_on):
        raise ValidationError({"due_on": error})
    if petition is not None and BacklogCase.objects.filter(petition=petition).exists():
        raise ValidationError({"petition": _("This petition is already a backlog case.")})
    case = BacklogCase.objects.create(number=next_number(BACKLOG_PREFIX, assigned_on.year),
                                      campaign=campaign, petition=petition, title=title,
                                      org_unit=org_unit, leader=leader, due_on=due_on,
                                      assigned_on=assigned_on, created_by=actor)
    record_event(case, actor=actor, action="assign",
                 note=_("Leader in charge: %(name)s") % {"name": leader.display_name})
    notify(org_unit=org_unit, kind=Notification.Kind.HANDOVER, day=assigned_on,
           ref=("backlog_case", case.pk), text=_("%(ref)s was handed over to your unit."))
    return case


@transaction.atomic
def case_submit_plan(*, case_id: int, actor: User, plan: str,
                     today: date | None = None) -> BacklogCase:
    _require(actor, "submit_plan")
    case = _lock(case_id)
    move = MOVES.check("submit_plan", case.status)
    if not plan.strip():
        raise ValidationError({"plan": _("Write the resolution plan.")})
    old = case.status
    case.plan, case.plan_submitted_on, case.status = plan, today or local_today(), move.target
    case.save(update_fields=["plan", "plan_submitted_on", "status", "updated_at"])
    record_event(case, actor=actor, action="submit_plan", from_status=old, note=plan)
    return case


@transaction.atomic
def case_report_progress(*, case_id: int, actor: User, on: date, note: str,
                         today: date | None = None) -> BacklogCase:
    """A dated progress report; the first one moves the case into progress."""
    _require(actor, "report_progress")
    case = _lock(case_id)
    move = MOVES.check("report_progress", case.status)
    MOVES.check_date("report_progress", case, on, today=today)
    if not note.strip():
        raise ValidationError({"note": _("Describe the progress.")})
    ProgressReport.objects.create(case=case, on=on, note=note, author=actor)
    old = case.status
    if case.status != move.target:
        case.status = move.target
        case.save(update_fields=["status", "updated_at"])
    record_event(case, actor=actor, action="report_progress", from_status=old, note=f"{on}: {note}")
    return case


@transaction.atomic
def case_resolve(*, case_id: int, actor: User, on: date, outcome: str,
                 outcome_document: str = OutcomeDocument.AGREEMENT,
                 satisfaction_signed: bool = False,
                 today: date | None = None) -> BacklogCase:
    """The unit records how the matter was settled.

    The outcome is a settlement agreement (化解协议) or the written decision
    (处理意见书), with the petitioner's signature of satisfaction where given;
    an undertaking not to petition is never a resolution (信访工作条例 protects
    the right to petition), so wording that asks for one is refused.
    """
    _require(actor, "resolve")
    case = _lock(case_id)
    move = MOVES.check("resolve", case.status)
    MOVES.check_date("resolve", case, on, today=today)
    if not outcome.strip():
        raise ValidationError({"outcome": _("Describe the outcome.")})
    if any(word in outcome for word in UNDERTAKING_WORDS):
        raise ValidationError({"outcome": _(
            "Record the settlement agreement or the written decision and the petitioner's "
            "satisfaction; a promise to stop petitioning is not an outcome.")})
    if outcome_document not in OutcomeDocument.values:
        raise ValidationError({"outcome_document": _("Choose the outcome document.")})
    old = case.status
    case.status, case.resolved_on, case.outcome = move.target, on, outcome
    case.outcome_document, case.satisfaction_signed = outcome_document, satisfaction_signed
    case.save(update_fields=["status", "resolved_on", "outcome", "outcome_document",
                             "satisfaction_signed", "updated_at"])
    record_event(case, actor=actor, action="resolve", from_status=old, note=outcome)
    return case


@transaction.atomic
def case_verify(*, case_id: int, actor: User, today: date | None = None) -> BacklogCase:
    """The city checks the resolution and strikes the case off (销号)."""
    _require(actor, "verify")
    case = _lock(case_id)
    move = MOVES.check("verify", case.status)
    old = case.status
    case.status, case.verified_on = move.target, today or local_today()
    case.save(update_fields=["status", "verified_on", "updated_at"])
    record_event(case, actor=actor, action="verify", from_status=old)
    return case


@transaction.atomic
def case_reopen(*, case_id: int, actor: User, reason: str) -> BacklogCase:
    """The city returns a resolution it does not accept: back to in progress."""
    _require(actor, "reopen")
    case = _lock(case_id)
    move = MOVES.check("reopen", case.status)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for returning the case.")})
    old = case.status
    case.status, case.return_reason, case.resolved_on = move.target, reason, None
    case.save(update_fields=["status", "return_reason", "resolved_on", "updated_at"])
    record_event(case, actor=actor, action="reopen", from_status=old, note=reason)
    return case


@transaction.atomic
def evidence_attach(*, case_id: int, actor: User, upload: UploadedFile[bytes]) -> Evidence:
    """Attach a file (e.g. the signed settlement); size and real type are checked."""
    _require(actor, "attach")
    case = _lock(case_id)
    if case.status == S.VERIFIED:
        raise TransitionError(_("A verified case is closed to new files."))
    name = upload.name or ""
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if suffix not in EVIDENCE_TYPES:
        raise ValidationError({"file": _("Attach a PDF, JPEG, PNG, DOCX or XLSX file.")})
    size = upload.size or 0  # None only for a stream of unknown length: none is uploaded
    if size > EVIDENCE_MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(EVIDENCE_TYPES[suffix]):
        raise ValidationError({"file": _("The file's content does not match its type.")})
    evidence = Evidence(case=case, name=name[:200], size=size,
                        content_type=getattr(upload, "content_type", "") or "",
                        uploaded_by=actor)
    evidence.file.save(name, upload, save=False)
    evidence.save()
    record_event(case, actor=actor, action="attach", from_status=case.status, note=evidence.name)
    return evidence

"""Writes for risk matters: one function per change, the only code that writes.

Each change locks the matter's row, checks its status (TransitionError -> 409),
checks its dates (ValidationError -> 400) and writes a MatterEvent.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import OrgUnit, User
from accounts.roles import LEADER, has_role
from core.choices import Category, RiskLevel
from core.dates import local_today
from core.errors import TransitionError
from core.events import record_event
from core.numbering import MATTER_PREFIX, next_number
from petitions.models import Petition
from screening.models import ScreeningItem
from stability.models import ContactLog, RiskMatter
from stability.permissions import can_act, can_create_in
from stability.transitions import MOVES


def leader_of_unit(user: User | None, unit: OrgUnit) -> bool:
    """A leader of the matter's unit, or of a unit above it (a village's township)."""
    return (user is not None and user.is_active and has_role(user, LEADER)
            and user.org_unit is not None and unit.path.startswith(user.org_unit.path))


def default_leader_for(unit: OrgUnit) -> User | None:
    """The unit's own leader, else the leader of the unit above (for one-click raising)."""
    for candidate in (unit, unit.parent):
        if candidate is None:
            continue
        leader = (User.objects.filter(org_unit=candidate, is_active=True, groups__name=LEADER)
                  .order_by("username").first())
        if leader is not None:
            return leader
    return None


def _locked(matter_id: int, actor: User) -> RiskMatter:
    matter = RiskMatter.objects.select_for_update().select_related("org_unit").get(pk=matter_id)
    if not can_act(actor, matter):
        raise PermissionDenied(_("You may not act on this matter."))
    return matter


@transaction.atomic
def matter_create(*, actor: User, title: str, category: str, org_unit: OrgUnit,
                  risk_level: str, people_involved: str, leader: User | None, plan: str = "",
                  people_count: int | None = None,
                  source: str = RiskMatter.Source.DIRECT,
                  screening_item: ScreeningItem | None = None,
                  petition: Petition | None = None, opened_on: date | None = None,
                  today: date | None = None) -> RiskMatter:
    """Register a matter; given a screening item, link it both ways (once only, else 409)."""
    if not can_create_in(actor, org_unit):
        raise PermissionDenied(_("You may not register matters for this unit."))
    if category not in Category.values:
        raise ValidationError({"category": _("Unknown category.")})
    if risk_level not in RiskLevel.values:
        raise ValidationError({"risk_level": _("Unknown risk level.")})
    if leader is None or not leader_of_unit(leader, org_unit):
        raise ValidationError({"leader": _("The leader in charge must be a leader of the unit.")})
    if not title.strip() or not people_involved.strip():
        raise ValidationError({"title" if not title.strip() else "people_involved":
                               _("This field is required.")})
    today = today or local_today()
    opened_on = opened_on or today
    if opened_on > today:
        raise ValidationError({"opened_on": _("The date cannot be in the future.")})
    if screening_item is not None:
        screening_item = _locked_item(screening_item)
        if screening_item.raised_matters.exists():
            raise TransitionError(_("This item has already been raised to a matter."))
        source = RiskMatter.Source.SCREENING_ITEM
    matter = RiskMatter.objects.create(
        number=next_number(MATTER_PREFIX, opened_on.year), title=title.strip(), category=category, org_unit=org_unit, risk_level=risk_level,
        people_involved=people_involved.strip(), people_count=people_count, leader=leader,
        plan=plan, source=source, screening_item=screening_item,
        petition=petition, opened_on=opened_on, created_by=actor,
    )
    record_event(matter, actor=actor, action="create", data={
        "source": source, "screening_item": screening_item.pk if screening_item else None,
        "petition": petition.pk if petition else None})
    return matter


@transaction.atomic
def matter_log_contact(*, matter_id: int, actor: User, on: date, summary: str, outcome: str,
                       next_step: str = "", today: date | None = None) -> ContactLog:
    """Record a contact with the parties; the first contact puts an open matter in progress."""
    matter = _locked(matter_id, actor)
    MOVES.check("log_contact", matter.status)
    MOVES.check_date("log_contact", matter, on, today=today)
    if not summary.strip() or not outcome.strip():
        raise ValidationError({"summary" if not summary.strip() else "outcome":
                               _("This field is required.")})
    contact = ContactLog.objects.create(matter=matter, on=on, met_by=actor,
                                        summary=summary.strip(), outcome=outcome.strip(),
                                        next_step=next_step.strip())
    old = matter.status
    if old == RiskMatter.Status.OPEN:
        matter.status = RiskMatter.Status.IN_PROGRESS
        matter.save(update_fields=["status"])
    record_event(matter, actor=actor, action="log_contact", from_status=old,
                 note=outcome.strip(), data={"contact": contact.pk, "on": on.isoformat()})
    return contact


@transaction.atomic
def matter_resolve(*, matter_id: int, actor: User, on: date, outcome: str,
                   today: date | None = None) -> RiskMatter:
    matter = _locked(matter_id, actor)
    MOVES.check("resolve", matter.status)
    # Resolution cannot predate the matter or the last contact that led to it.
    MOVES.check_date("resolve", matter, on, today=today)
    if not outcome.strip():
        raise ValidationError({"outcome": _("Say how the matter was resolved.")})
    old = matter.status
    matter.status = RiskMatter.Status.RESOLVED
    matter.resolved_on = on
    matter.outcome = outcome.strip()
    matter.save(update_fields=["status", "resolved_on", "outcome"])
    record_event(matter, actor=actor, action="resolve", from_status=old, note=matter.outcome,
                 data={"on": on.isoformat()})
    return matter


@transaction.atomic
def matter_update_plan(*, matter_id: int, actor: User, plan: str,
                       risk_level: str | None = None) -> RiskMatter:
    matter = _locked(matter_id, actor)
    MOVES.check("update_plan", matter.status)
    if not plan.strip():
        raise ValidationError({"plan": _("This field is required.")})
    if risk_level is not None and risk_level not in RiskLevel.values:
        raise ValidationError({"risk_level": _("Unknown risk level.")})
    old_risk = matter.risk_level
    matter.plan = plan.strip()
    matter.risk_level = risk_level or matter.risk_level
    matter.save(update_fields=["plan", "risk_level"])
    record_event(matter, actor=actor, action="update_plan", from_status=matter.status,
                 note=matter.plan, data={"risk_from": old_risk, "risk_to": matter.risk_level})
    return matter


def _locked_item(item: ScreeningItem) -> ScreeningItem:
    """The item re-read under its row lock: two clicks cannot raise it twice."""
    return ScreeningItem.objects.select_for_update().get(pk=item.pk)


def item_people(item: ScreeningItem) -> tuple[str, int | None]:
    """The item's parties as the register describes them, and their number."""
    count = item.people_involved if isinstance(item.people_involved, int) else None
    parties = (getattr(item, "parties", "") or "").strip()
    if not parties:
        parties = (_("%(n)d people") % {"n": count}) if count else str(item.people_involved)
    return parties[:300], count


@transaction.atomic
def matter_raise_from_screening_item(*, item: ScreeningItem, actor: User, leader: User | None = None,
                                     plan: str = "", today: date | None = None) -> RiskMatter:
    """One click on a high-risk screening item: a matter with the item's facts, linked both ways."""
    item = _locked_item(item)
    if item.risk_level != RiskLevel.HIGH:
        raise TransitionError(_("Only a high-risk item is raised to a stability matter."))
    if item.raised_matters.exists():
        raise TransitionError(_("This item has already been raised to a matter."))
    unit = item.report.org_unit
    people, count = item_people(item)
    return matter_create(
        actor=actor, title=str(item.description).strip()[:200], category=item.category,
        org_unit=unit, risk_level=item.risk_level, people_involved=people, people_count=count,
        leader=leader or default_leader_for(unit), plan=plan or (item.measures or ""),
        screening_item=item, today=today,
    )


@transaction.atomic
def matter_raise_from_petition(*, petition: Petition, actor: User, leader: User | None = None,
                               plan: str = "",
                               risk_level: str = RiskLevel.HIGH,
                               today: date | None = None) -> RiskMatter:
    """One click on a collective petition: the dispute behind it goes on the register."""
    # Under the petition's row lock, two clicks cannot raise it twice.
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if not petition.is_collective:
        raise TransitionError(_("Only a collective petition is raised to a stability matter."))
    if RiskMatter.objects.filter(petition=petition).exists():
        raise TransitionError(_("This petition has already been raised to a matter."))
    unit = petition.org_unit
    return matter_create(
        actor=actor, title=petition.title[:200], category=petition.category, org_unit=unit,
        risk_level=risk_level,
        people_involved=_("Collective petition of %(n)d people") % {"n": petition.headcount},
        people_count=petition.headcount, leader=leader or default_leader_for(unit), plan=plan,
        source=RiskMatter.Source.PETITION, petition=petition, today=today,
    )

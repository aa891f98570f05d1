"""The only code that writes screening records (style.md: one service per transition).

Rules (domain.md, Monthly screening; docs/decisions.md, Screening):
- one period per month: opens on the 1st, due on the admin's due day, locks
  `lock_days` after the due date;
- one report per unit and period (a database constraint: a second one is a 409);
- a zero report has no items, any other report at least one (else a 400);
- late when first submitted after the due date (on the due date is on time);
- a filed report may be corrected by its unit until the lock date; after it,
  only once the city has returned it;
- every change writes a ScreeningEvent;
- villages file to their township (issue 20, item 5): a village's report is returned
  by its township (or the city), and a township's report names, when it is
  submitted, the villages that owed a report and had not filed it.
"""

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OrgUnit, User
from accounts.roles import is_city_role
from accounts.scoping import unit_in_scope
from alerts.models import Alert, Notification
from alerts.services import clear_done, notify
from core.dates import local_now
from core.errors import TransitionError
from core.events import record_event
from screening.models import (
    ScreeningItem,
    ScreeningPeriod,
    ScreeningReminder,
    ScreeningReport,
    ScreeningSettings,
)
from screening.permissions import can_return
from screening.transitions import MOVES
from screening.villages import files_reports, missing_village_codes

Status = ScreeningReport.Status
ITEM_FIELDS = ("category", "description", "parties", "people_involved", "risk_level",
               "measures", "resolved")


@dataclass
class ItemData:
    category: str
    description: str
    people_involved: int = 1
    risk_level: str = "low"
    measures: str = ""
    resolved: bool = False
    parties: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


# --- periods -----------------------------------------------------------------

def period_dates(*, year: int, month: int, settings: ScreeningSettings) -> dict[str, date]:
    last_day = calendar.monthrange(year, month)[1]
    due_on = date(year, month, min(settings.due_day, last_day))
    return {"opens_on": date(year, month, 1), "due_on": due_on,
            "locks_on": due_on + timedelta(days=settings.lock_days)}


def screening_period_ensure(*, year: int, month: int) -> tuple[ScreeningPeriod, bool]:
    """The period of a month, created with today's settings if missing. Idempotent,
    and safe when two workers race (the unique (year, month) constraint decides)."""
    settings = ScreeningSettings.current()
    return ScreeningPeriod.objects.get_or_create(
        year=year, month=month, defaults=period_dates(year=year, month=month, settings=settings))


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def screening_periods_ensure_ahead(*, as_of: date) -> list[ScreeningPeriod]:
    """This month's period and next month's, so units always see theirs coming."""
    created = []
    for year, month in ((as_of.year, as_of.month), next_month(as_of.year, as_of.month)):
        period, was_created = screening_period_ensure(year=year, month=month)
        if was_created:
            created.append(period)
    return created


def period_is_late(period: ScreeningPeriod, at: datetime) -> bool:
    return timezone.localtime(at).date() > period.due_on


# --- reports -----------------------------------------------------------------

def _check_items(*, zero_report: bool, items: Sequence[ItemData | ScreeningItem]) -> None:
    if zero_report and items:
        raise ValidationError({"items": [_("A zero report has no items.")]})
    if not zero_report and not items:
        raise ValidationError({"items": [_("List at least one dispute, or file a zero report.")]})


def _check_may_file(*, actor: User, org_unit: OrgUnit) -> None:
    if not actor.is_authenticated or not unit_in_scope(actor, org_unit):
        # Outside the user's scope the unit does not exist for them.
        raise ValidationError({"org_unit": [_("Unknown org unit.")]})
    if not files_reports(org_unit):
        raise ValidationError({"org_unit": [
            _("Only townships, departments and villages file reports.")]})


def _write_items(report: ScreeningReport, items: list[ItemData]) -> None:
    ScreeningItem.objects.bulk_create(
        ScreeningItem(report=report, **{name: getattr(item, name) for name in ITEM_FIELDS})
        for item in items)


def _mark_submitted(report: ScreeningReport, now: datetime) -> None:
    report.status = Status.SUBMITTED
    report.submitted_at = now
    if report.first_submitted_at is None:
        report.first_submitted_at = now
        report.late = period_is_late(report.period, now)
    # The missing-report flag clears as soon as the report arrives.
    clear_done(kind=Alert.Kind.REPORT_MISSING,
               done=Q(target_type=Alert.TargetType.SCREENING_PERIOD,
                      target_id=report.period_id, org_unit_id=report.org_unit_id),
               as_of=timezone.localdate(now))


def _check_method(period: ScreeningPeriod, method: str | None,
                  screened_by: str | None) -> dict[str, str]:
    """The method used must be one the period states, with who screened; None (not
    given, as older API clients do) leaves both unrecorded."""
    if method is None:
        return {}
    errors: dict[str, list[str]] = {}
    if method not in (period.methods or []):
        errors["method"] = [_("Choose one of the methods this period states: %(methods)s.")
                            % {"methods": "、".join(period.method_labels)}]
    if not (screened_by or "").strip():
        errors["screened_by"] = [_("Say who screened.")]
    if errors:
        raise ValidationError(errors)
    return {"method": method, "screened_by": (screened_by or "").strip()[:200]}


def screening_report_create(*, actor: User, period: ScreeningPeriod, org_unit: OrgUnit,
                            zero_report: bool, items: list[ItemData], submit: bool = True,
                            method: str | None = None, screened_by: str | None = None,
                            now: datetime | None = None) -> ScreeningReport:
    """File (or draft) a unit's report for a period. A second one is a TransitionError."""
    now = now or local_now()
    _check_may_file(actor=actor, org_unit=org_unit)
    how = _check_method(period, method, screened_by)
    if timezone.localtime(now).date() < period.opens_on:
        raise ValidationError({"period": [_("This period is not open yet.")]})
    if submit:
        _check_items(zero_report=zero_report, items=items)
    duplicate = TransitionError(_("%(unit)s has already filed a report for %(period)s.")
                                % {"unit": org_unit.name, "period": period.label})
    if ScreeningReport.objects.filter(period=period, org_unit=org_unit).exists():
        raise duplicate
    try:
        # The savepoint keeps an outer transaction usable after the constraint fires.
        with transaction.atomic():
            report = ScreeningReport.objects.create(period=period, org_unit=org_unit,
                                                    zero_report=zero_report, created_by=actor,
                                                    **how)
            _write_items(report, items)
            record_event(report, actor=actor, action="create",
                         data={"zero_report": zero_report, "items": len(items), **how})
            if submit:
                report_submit_locked(report, actor=actor, now=now)
    except IntegrityError:
        # Two submits at once: the unique (period, org_unit) constraint let one in.
        raise duplicate from None
    return report


def report_submit_locked(report: ScreeningReport, *, actor: User, now: datetime) -> None:
    old = report.status
    _mark_submitted(report, now)
    report.returned_reason = ""
    data: dict[str, Any] = {"late": report.late}
    if report.org_unit.kind == OrgUnit.Kind.TOWNSHIP:
        # Submitted upward with its villages: the report names those still missing.
        missing = missing_village_codes(township=report.org_unit, period=report.period)
        report.villages_missing = " ".join(missing)
        data["villages_missing"] = missing
    report.save(update_fields=["status", "submitted_at", "first_submitted_at", "late",
                               "returned_reason", "villages_missing"])
    record_event(report, actor=actor, action="submit" if old == Status.DRAFT else "resubmit",
                 from_status=old, data=data)


def _lock_for_unit(*, report_id: int, actor: User) -> ScreeningReport:
    report = (ScreeningReport.objects.select_for_update(of=("self",))
              .select_related("period", "org_unit").get(pk=report_id))
    if not unit_in_scope(actor, report.org_unit):
        raise ScreeningReport.DoesNotExist
    return report


def _check_may_change(report: ScreeningReport, today: date) -> None:
    if report.status == Status.SUBMITTED and today > report.period.locks_on:
        if report.org_unit.kind == OrgUnit.Kind.VILLAGE:
            raise TransitionError(_("This report was locked on %(day)s; the township must "
                                    "return it before it can be changed.")
                                  % {"day": report.period.locks_on})
        raise TransitionError(_("This report was locked on %(day)s; the city must return it "
                                "before it can be changed.") % {"day": report.period.locks_on})


@transaction.atomic
def screening_report_update(*, report_id: int, actor: User, zero_report: bool,
                            items: list[ItemData], submit: bool = True,
                            method: str | None = None, screened_by: str | None = None,
                            now: datetime | None = None) -> ScreeningReport:
    """Replace a report's content: a draft, a returned report, or a filed one
    before its lock date. Submitting a draft or returned report files it."""
    now = now or local_now()
    report = _lock_for_unit(report_id=report_id, actor=actor)
    _check_may_change(report, timezone.localtime(now).date())
    if submit or report.status == Status.SUBMITTED:
        _check_items(zero_report=zero_report, items=items)
    old_items = report.items.count()
    report.items.filter(raised_matters__isnull=True).delete()
    how = _check_method(report.period, method, screened_by)
    report.zero_report = zero_report
    for name, value in how.items():
        setattr(report, name, value)
    report.save(update_fields=["zero_report", *how])
    _write_items(report, items)
    record_event(report, actor=actor, action="update", from_status=report.status,
                 data={"zero_report": zero_report, "items_before": old_items, "items": len(items)})
    if submit and report.status != Status.SUBMITTED:
        report_submit_locked(report, actor=actor, now=now)
    return report


@transaction.atomic
def screening_report_submit(*, report_id: int, actor: User,
                            now: datetime | None = None) -> ScreeningReport:
    """File a draft, or resubmit a returned report."""
    now = now or local_now()
    report = _lock_for_unit(report_id=report_id, actor=actor)
    MOVES.check("submit", report.status)
    items = list(report.items.all())
    _check_items(zero_report=report.zero_report, items=items)
    report_submit_locked(report, actor=actor, now=now)
    return report


@transaction.atomic
def screening_report_return(*, report_id: int, actor: User, reason: str,
                            today: date | None = None) -> ScreeningReport:
    """The city sends a filed report back for correction (it reopens a locked one);
    a township does the same for its own villages' reports."""
    report = (ScreeningReport.objects.select_for_update(of=("self",))
              .select_related("org_unit").get(pk=report_id))
    if not can_return(actor, report):
        raise PermissionDenied(_("Only the city, or a village's own township, may return "
                                 "a report."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say what needs correcting.")]})
    MOVES.check("return", report.status)
    old = report.status
    report.status = Status.RETURNED
    report.returned_reason = reason
    report.save(update_fields=["status", "returned_reason"])
    record_event(report, actor=actor, action="return", from_status=old, note=reason)
    notify(org_unit=report.org_unit, kind=Notification.Kind.RETURNED,
           day=today or timezone.localdate(), ref=("screening_report", report.pk),
           text=_("%(ref)s was returned for correction.") + " " + reason)
    return report


# --- reminders ---------------------------------------------------------------

def units_expected() -> QuerySet[OrgUnit]:
    """The reporting units: active townships and departments."""
    return OrgUnit.objects.filter(kind__in=OrgUnit.REPORTING_KINDS, is_active=True)


def units_not_filed(period: ScreeningPeriod) -> QuerySet[OrgUnit]:
    filed = ScreeningReport.objects.filter(period=period, first_submitted_at__isnull=False)
    return units_expected().exclude(pk__in=filed.values("org_unit_id"))


def screening_reminders_send(*, period: ScreeningPeriod, on: date, actor: User | None = None,
                             only_first: bool = False) -> list[OrgUnit]:
    """Record a reminder for each unit that has not filed. Once a day per unit;
    with `only_first` (the scheduler) once per period."""
    if actor is not None and not is_city_role(actor):
        raise PermissionDenied(_("Only the city may send reminders."))
    units = units_not_filed(period)
    if only_first:
        units = units.exclude(pk__in=period.reminders.values("org_unit_id"))
    else:
        units = units.exclude(pk__in=period.reminders.filter(sent_on=on).values("org_unit_id"))
    reminded = list(units.order_by("code"))
    ScreeningReminder.objects.bulk_create(
        [ScreeningReminder(period=period, org_unit=unit, sent_on=on, sent_by=actor)
         for unit in reminded], ignore_conflicts=True)
    return reminded

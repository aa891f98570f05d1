"""Periodic jobs of the screening module (api.md, runjobs). Set-based and idempotent."""

from datetime import date

from django.db.models import Exists, OuterRef

from common.calendar import add_working_days
from common.jobs import register
from screening.models import ScreeningPeriod, ScreeningReport, ScreeningSettings
from screening.services import (
    screening_periods_ensure_ahead,
    screening_reminders_send,
    units_expected,
)
from supervision.models import Alert


@register("flag_missing_reports")
def flag_missing_reports(*, as_of: date) -> list[str]:
    """One `report_missing` alert per unit and period past its due date; cleared
    once the report arrives. Two statements per period, whatever the unit count."""
    screening_periods_ensure_ahead(as_of=as_of)
    lines = []
    alerts = Alert.objects.filter(kind=Alert.Kind.REPORT_MISSING,
                                  target_type=Alert.TargetType.SCREENING_PERIOD)
    for period in ScreeningPeriod.objects.filter(due_on__lt=as_of).order_by("year", "month"):
        filed = ScreeningReport.objects.filter(period=period, org_unit=OuterRef("pk"),
                                               first_submitted_at__isnull=False)
        flagged = alerts.filter(target_id=period.pk, org_unit=OuterRef("pk"))
        missing = list(units_expected().filter(~Exists(filed), ~Exists(flagged)).order_by("code"))
        Alert.objects.bulk_create(
            [Alert(kind=Alert.Kind.REPORT_MISSING, target_type=Alert.TargetType.SCREENING_PERIOD,
                   target_id=period.pk, org_unit=unit, due_on=period.due_on, raised_on=as_of)
             for unit in missing], ignore_conflicts=True)
        lines += [f"report_missing {period.label} {unit.code}" for unit in missing]
    # Reports that arrived without passing through the service (imports, admin).
    arrived = ScreeningReport.objects.filter(period_id=OuterRef("target_id"),
                                             org_unit_id=OuterRef("org_unit_id"),
                                             first_submitted_at__isnull=False)
    alerts.filter(Exists(arrived), cleared_on__isnull=True).update(cleared_on=as_of)
    return lines


@register("send_reminders")
def send_reminders(*, as_of: date) -> list[str]:
    """Remind the units that have not filed, from N working days before the due
    date up to it (N = the admin's setting, 3 by default). Once per unit and period."""
    screening_periods_ensure_ahead(as_of=as_of)
    lead = ScreeningSettings.current().reminder_working_days
    lines = []
    for period in ScreeningPeriod.objects.filter(opens_on__lte=as_of, due_on__gte=as_of):
        # Due within `lead` working days of today (holidays skipped, make-up days counted).
        if add_working_days(as_of, lead) < period.due_on:
            continue
        for unit in screening_reminders_send(period=period, on=as_of, only_first=True):
            lines.append(f"reminder {period.label} {unit.code} due {period.due_on}")
    return lines

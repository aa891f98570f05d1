"""Periodic jobs of the petitions app (api.md, runjobs)."""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy

from alerts.digests import digest_line
from alerts.models import Alert
from alerts.services import clear_done, raise_overdue
from core.jobs import register
from petitions.models import Petition


@register("flag_overdue")
def flag_petitions_overdue(*, as_of: date) -> list[str]:
    # Reads the partial index petition_open_due. The alert goes to the unit
    # responsible for the late step (the registering unit for acceptance, the
    # handling unit once assigned), which then answers for it in the assessment.
    late = Petition.objects.filter(current_due__isnull=False, current_due__lt=as_of,
                                   responsible_unit__isnull=False)
    # An alert clears once its step is done: the petition's open step is no
    # longer the one due on the alert's date (replied, extended, closed...).
    # Cleared first: an alert raised below is by definition still the open step,
    # so the order changes nothing but the rows the anti-join has to check.
    same_step = Petition.objects.filter(pk=OuterRef("target_id"), current_due=OuterRef("due_on"))
    clear_done(kind=Alert.Kind.PETITION_OVERDUE, done=~Exists(same_step), as_of=as_of)
    # The numbers come back with the raised rows (one statement, no id lookup).
    raised = raise_overdue(kind=Alert.Kind.PETITION_OVERDUE, target_type=Alert.TargetType.PETITION,
                           late=late.values_list("id", "responsible_unit_id", "current_due",
                                                 "number"),
                           as_of=as_of, labelled=True)
    return [f"petition_overdue {number}" for _pk, _u, _d, number in sorted(raised)]


@register("flag_overdue")
def flag_feedback_overdue(*, as_of: date) -> list[str]:
    """Cases from above (上级交办) whose result was not fed back to the upper office
    by its deadline: one alert each, to the handling unit (the registering unit
    until assigned). Cleared once the feedback is recorded (petition_feedback)."""
    late = (Petition.objects.filter(source=Petition.Source.UPPER, feedback_on__isnull=True,
                                    feedback_due__lt=as_of)
            .exclude(status__in=[Petition.Status.DECLINED, Petition.Status.FORWARDED])
            .annotate(unit=Coalesce("handling_unit_id", "org_unit_id")))
    given = Petition.objects.filter(pk=OuterRef("target_id")).filter(
        Q(feedback_on__isnull=False) | Q(status__in=[Petition.Status.DECLINED,
                                                      Petition.Status.FORWARDED]))
    clear_done(kind=Alert.Kind.FEEDBACK_OVERDUE, done=Exists(given), as_of=as_of)
    raised = raise_overdue(kind=Alert.Kind.FEEDBACK_OVERDUE,
                           target_type=Alert.TargetType.PETITION,
                           late=late.values_list("id", "unit", "feedback_due", "number"),
                           as_of=as_of, labelled=True)
    return [f"feedback_overdue {number}" for _pk, _u, _d, number in sorted(raised)]


@digest_line(gettext_lazy("feedback to the upper office due soon %(n)d"))
def feedback_due_soon(as_of: date, limit: date):
    """Cases from above whose feedback falls due within 3 working days."""
    return (Petition.objects.filter(source=Petition.Source.UPPER, feedback_on__isnull=True,
                                    feedback_due__gte=as_of, feedback_due__lte=limit)
            .annotate(path=Coalesce("handling_unit__path", "org_unit__path"))
            .values_list("path").annotate(n=Count("id")).order_by())


@digest_line(gettext_lazy("petition steps due soon %(n)d"))
def steps_due_soon(as_of: date, limit: date):
    """Petition steps due within 3 working days (domain.md, Due soon): one line
    in the unit's digest, never one message per case."""
    return (Petition.objects.filter(current_due__gte=as_of, current_due__lte=limit)
            .values_list("responsible_unit__path").annotate(n=Count("id")).order_by())


@register("purge_personal_data")
def anonymise_old_petitioners(*, as_of: date) -> list[str]:
    from petitions.retention import petitioners_anonymise

    count = petitioners_anonymise(as_of=as_of)
    return [f"anonymised {count} petitioner(s) whose matters concluded long ago"] if count else []

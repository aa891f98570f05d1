"""How screening events read on the timeline (core/events.py)."""

from django.utils.translation import gettext_lazy as _

from core.events import register_labels
from core.references import register_reference
from screening.models import ScreeningReport

register_labels("screening", statuses=dict(ScreeningReport.Status.choices), actions={
    "create": _("Created"),
    "submit": _("Submitted"),
    "resubmit": _("Resubmitted"),
    "update": _("Corrected"),
    "return": _("Returned for correction"),
})


def period_name(year: int, month: int) -> str:
    """"2026年11月 排查报告": the month's screening report, in words."""
    return _("%(year)s-%(month)s screening report") % {"year": year, "month": month}


def _period_refs(ids):
    from django.urls import reverse

    from screening.models import ScreeningPeriod
    return {pk: (period_name(year, month), f"{reverse('screening:grid')}?year={year}")
            for pk, year, month in ScreeningPeriod.objects.filter(pk__in=ids)
            .values_list("pk", "year", "month")}


def _report_refs(ids):
    from django.urls import reverse
    return {pk: (f"{name} · {period_name(year, month)}", reverse("screening:report", args=[pk]))
            for pk, name, year, month in ScreeningReport.objects.filter(pk__in=ids)
            .values_list("pk", "org_unit__name", "period__year", "period__month")}


# The period's name already says what it is: no noun in front.
register_reference("screening_period", noun="", load=_period_refs)
register_reference("screening_report", noun="", load=_report_refs)

"""Screening pages: thin views over selectors and services."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import OrgUnit
from accounts.roles import is_city_role
from accounts.scoping import get_scoped_or_404
from alerts.models import Alert
from core.dates import local_today
from core.errors import TransitionError
from screening.forms import ItemFormSet, ReturnForm, items_from
from screening.models import ScreeningPeriod, ScreeningReport
from screening.permissions import can_file, can_remind, can_return
from screening.selectors import (
    completeness_for,
    period_current,
    report_get_for,
    report_list_for,
    village_grid_for,
    year_grid_for,
)
from screening.services import (
    screening_period_ensure,
    screening_reminders_send,
    screening_report_create,
    screening_report_return,
    screening_report_update,
)
from screening.transitions import MOVES
from screening.villages import clerks_since, files_reports, village_completeness


def _year_param(request) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return local_today().year


@login_required
def index(request):
    if is_city_role(request.user):
        return city_overview(request)
    return unit_home(request)


def unit_home(request):
    """The clerk's page: this month's report first, then the last twelve months."""
    user, today = request.user, local_today()
    period = period_current(today)
    report = None
    if period and user.org_unit_id:
        report = report_list_for(user=user, period=period, org_unit=user.org_unit).first()
    history = report_list_for(user=user, org_unit=user.org_unit).filter(
        period__opens_on__gte=date(today.year - 1, today.month, 1),
    ).exclude(period=period).annotate(item_count=Count("items"))
    reminded = bool(period and report is None and period.reminders.filter(
        org_unit_id=user.org_unit_id).exists())
    unit = user.org_unit
    is_township = unit is not None and unit.kind == OrgUnit.Kind.TOWNSHIP
    return render(request, "screening/unit_home.html", {
        "period": period, "report": report, "history": history, "today": today,
        "method_choices": method_choices(period) if period else [],
        "can_file": can_file(user) and files_reports(unit),
        "reminded": reminded,
        "is_village": unit is not None and unit.kind == OrgUnit.Kind.VILLAGE,
        # Villages file to their township: the township sees who filed and who is missing.
        "villages": village_completeness(township=unit, period=period, today=today)
        if is_township and period else None,
        "village_overdue": Alert.objects.filter(
            kind=Alert.Kind.REPORT_MISSING, cleared_on__isnull=True,
            org_unit__parent=unit, org_unit__kind=OrgUnit.Kind.VILLAGE).count()
        if is_township else 0,
        "overdue": _overdue_periods(unit) if unit is not None else [],
    })


def _overdue_periods(unit) -> list[ScreeningPeriod]:
    """The periods the unit's report is flagged missing for (flag_missing_reports)."""
    flagged = Alert.objects.filter(kind=Alert.Kind.REPORT_MISSING, cleared_on__isnull=True,
                                   target_type=Alert.TargetType.SCREENING_PERIOD,
                                   org_unit=unit).values("target_id")
    return list(ScreeningPeriod.objects.filter(pk__in=flagged).order_by("year", "month"))


def city_overview(request):
    """Completeness of one period (the current one unless ?period=) for the city."""
    periods = list(ScreeningPeriod.objects.order_by("-year", "-month")[:24])
    chosen = request.GET.get("period")
    period = next((p for p in periods if str(p.pk) == chosen), None) or period_current()
    if period is None and periods:
        period = periods[0]
    completeness = completeness_for(user=request.user, period=period) if period else None
    return render(request, "screening/city_overview.html", {
        "periods": periods, "period": period, "c": completeness,
        "can_remind": can_remind(request.user), "today": local_today()})


@login_required
def grid(request):
    year = _year_param(request)
    user = request.user
    code = request.GET.get("township", "").strip().upper()
    if code:
        # The drill from a township's row to its villages (issue 20, item 5).
        township = get_scoped_or_404(OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP),
                                     user, unit_field="", code=code)
        data = village_grid_for(user=user, township=township, year=year)
    elif user.org_unit and user.org_unit.kind == OrgUnit.Kind.VILLAGE:
        data = year_grid_for(user=user, year=year, units=[user.org_unit],
                             since=clerks_since([user.org_unit]))
    else:
        data = year_grid_for(user=user, year=year)
    _cell_links(data)
    return render(request, "screening/grid.html", {
        **data, "prev_year": year - 1, "next_year": year + 1,
        "township_param": f"&township={code}" if code else "",
        "is_village": bool(user.org_unit and user.org_unit.kind == OrgUnit.Kind.VILLAGE)})


# The grid's 480 cells: their links and labels are built once here rather than
# by 480 {% url %} tags and template includes (screening_grid figure).
_CELL_LABELS = {"on_time": gettext_lazy("On time"), "late": gettext_lazy("Late"),
                "zero": gettext_lazy("Zero"), "missing": gettext_lazy("Missing"),
                "returned": gettext_lazy("Returned"), "pending": "…"}


def _cell_links(data: dict) -> None:
    report_prefix = reverse("screening:report", args=[1])[:-2]
    index_url = reverse("screening:index")
    labels = {state: str(label) for state, label in _CELL_LABELS.items()}
    for row in data["rows"]:
        for cell in row["cells"]:
            cell["label"] = labels.get(cell["state"], "")
            cell["url"] = (f"{report_prefix}{cell['report_id']}/" if cell["report_id"]
                           else f"{index_url}?period={cell['period_id']}")


def _render_form(request, *, period, formset, report=None, status=200):
    return render(request, "screening/report_form.html",
                  {"period": period, "formset": formset, "report": report,
                   "method_choices": method_choices(period),
                   "method": request.POST.get("method") or (report.method if report else ""),
                   "screened_by": request.POST.get("screened_by")
                   or (report.screened_by if report else "")}, status=status)


def method_choices(period) -> list[tuple[str, str]]:
    """The methods this period states (四个统一), as (code, label) for a select."""
    return list(zip(period.methods or [], period.method_labels, strict=True))


@login_required
def report_new(request):
    """File the unit's report for a period: a zero report (one click, confirmed)
    or a list of items."""
    user = request.user
    if not (can_file(user) and files_reports(user.org_unit)):
        raise PermissionDenied
    chosen = request.GET.get("period") or request.POST.get("period")
    if chosen and not chosen.isdigit():
        # ?period=abc was a 500 (issue 16): a crafted address, not a user's mistake.
        raise BadRequest(_("The period in the address is not valid."))
    period = get_object_or_404(ScreeningPeriod, pk=chosen or
                               screening_period_ensure(year=local_today().year,
                                                       month=local_today().month)[0].pk)
    existing = report_list_for(user=user, period=period, org_unit=user.org_unit).first()
    if existing and request.method == "GET":
        return redirect("screening:report", pk=existing.pk)
    zero = request.POST.get("zero_report") == "1"
    formset = ItemFormSet(request.POST or None, prefix="items")
    if request.method == "POST" and (zero or formset.is_valid()):
        try:
            report = screening_report_create(
                actor=user, period=period, org_unit=user.org_unit, zero_report=zero,
                items=[] if zero else items_from(formset),
                method=request.POST.get("method"),
                screened_by=request.POST.get("screened_by"))
        except TransitionError as error:
            messages.error(request, error.message)
            return redirect("screening:index")
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
            return _render_form(request, period=period, formset=formset, status=400)
        messages.success(request, _("Report for %(period)s filed.") % {"period": period.label})
        return redirect("screening:report", pk=report.pk)
    return _render_form(request, period=period, formset=formset,
                        status=400 if request.method == "POST" else 200)


@login_required
def report_edit(request, pk):
    report = report_get_for(user=request.user, pk=pk)
    if not _may_edit(request.user, report):
        raise PermissionDenied
    initial = [{name: getattr(item, name) for name in
                ("category", "description", "parties", "people_involved", "risk_level",
                 "measures", "resolved")} for item in report.items.all()]
    formset = ItemFormSet(request.POST or None, prefix="items", initial=initial)
    if request.method == "POST" and formset.is_valid():
        items = items_from(formset)
        try:
            screening_report_update(report_id=report.pk, actor=request.user,
                                    zero_report=not items, items=items,
                                    method=request.POST.get("method"),
                                    screened_by=request.POST.get("screened_by"))
        except TransitionError as error:
            messages.error(request, error.message)
            return redirect("screening:report", pk=report.pk)
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(request, _("Report saved and submitted."))
            return redirect("screening:report", pk=report.pk)
    return _render_form(request, period=report.period, formset=formset, report=report)


def _may_edit(user, report) -> bool:
    """A unit corrects its own report (the city any): a township returns a village's
    report for the village to correct, it does not rewrite it."""
    return can_file(user) and (is_city_role(user) or report.org_unit_id == user.org_unit_id)


@login_required
def report_detail(request, pk):
    report = report_get_for(user=request.user, pk=pk)
    items = list(report.items.all())
    raise_url = reverse("stability:matter_create")
    for item in items:
        item.raise_url = (f"{raise_url}?screening_item={item.pk}"
                          if item.risk_level == "high" else None)
    today = local_today()
    editable = _may_edit(request.user, report) and (
        report.status != ScreeningReport.Status.SUBMITTED or today <= report.period.locks_on)
    villages = None
    if report.org_unit.kind == OrgUnit.Kind.TOWNSHIP:
        # The township's report carries its villages' reports and their completeness.
        villages = village_completeness(township=report.org_unit, period=report.period,
                                        today=today, with_items=True)
    return render(request, "screening/report_detail.html", {
        "report": report, "items": items, "events": report.events.all(),
        "can_return": can_return(request.user, report)
        and "return" in MOVES.actions_from(report.status),
        "editable": editable, "return_form": ReturnForm(), "villages": villages,
        "villages_missing": list(OrgUnit.objects.filter(
            code__in=report.villages_missing_codes).order_by("code")),
        "is_village": report.org_unit.kind == OrgUnit.Kind.VILLAGE})


@login_required
@require_POST
def report_return(request, pk):
    report = report_get_for(user=request.user, pk=pk)
    if not can_return(request.user, report):
        raise PermissionDenied
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            screening_report_return(report_id=report.pk, actor=request.user,
                                    reason=form.cleaned_data["reason"])
            messages.success(request, _("Report returned to %(unit)s.")
                             % {"unit": report.org_unit.name})
        except TransitionError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Say what needs correcting."))
    return redirect("screening:report", pk=report.pk)


@login_required
@require_POST
def period_remind(request, pk):
    if not can_remind(request.user):
        raise PermissionDenied
    period = get_object_or_404(ScreeningPeriod, pk=pk)
    units = screening_reminders_send(period=period, on=local_today(), actor=request.user)
    if units:
        messages.success(request, _("Reminder sent to %(n)d units: %(names)s.") % {
            "n": len(units), "names": "、".join(u.name for u in units)})
    else:
        messages.info(request, _("No unit needed a reminder (already reminded today or filed)."))
    return redirect(f"{reverse('screening:index')}?period={period.pk}")

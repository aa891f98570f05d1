"""Thin views: scope -> permit -> validate -> service -> redirect."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import OrgUnit
from accounts.scoping import units_for
from backlog import forms, import_runner, services
from backlog.imports import cases_import, template_workbook
from backlog.models import BacklogCase, Evidence, ImportJob
from backlog.permissions import can_act
from backlog.selectors import (
    backlog_stats,
    campaign_list,
    candidate_petitions_for,
    case_events,
    case_filters_from,
    case_get_for,
    case_list_for,
    case_sorted,
    monthly_flow,
)
from backlog.transitions import MOVES
from core.dates import local_today
from core.errors import TransitionError
from core.files import files
from core.forms import apply_validation_error
from core.listing import remember_list
from core.widgets import unit_choices
from idempotency.views import create_from_form, say_already_submitted, show_first
from petitions.selectors import petition_get_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(request) -> dict:
    return case_filters_from(request.GET, today=local_today())


@login_required
def index(request):
    filters = _filters(request)
    cases, _sort = case_sorted(case_list_for(user=request.user, filters=filters),
                               request.GET.get("sort"))
    remember_list(request, "backlog")
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    campaign_id = filters["campaign"] or None
    stats = backlog_stats(user=request.user, campaign_id=campaign_id)
    flow = monthly_flow(user=request.user, campaign_id=campaign_id)
    charts = {
        "months": [m["month"] for m in flow],
        "new": [m["new"] for m in flow], "resolved": [m["resolved"] for m in flow],
        "verified": [m["verified"] for m in flow], "stock": [m["stock"] for m in flow],
        "units": [u["name"] for u in stats["by_unit"]],
        "rates": [round(u["resolution_rate"] * 100, 1) for u in stats["by_unit"]],
    }
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "backlog/case_list.html", {
        "page": page, "filters": filters, "stats": stats, "charts": charts,
        "campaigns": campaign_list(),
        "unit_options": unit_choices(
            units_for(request.user).filter(kind__in=OrgUnit.REPORTING_KINDS)
            .only("code", "name", "path"), empty=_("All units")),
        "statuses": BacklogCase.Status.choices, "query": query.urlencode(),
        "today": local_today(), "can_create": can_act(request.user, "create"),
    })


@login_required
def candidates(request):
    if not can_act(request.user, "create"):
        raise PermissionDenied
    today = local_today()
    petitions = Paginator(candidate_petitions_for(user=request.user, today=today), 50)
    return render(request, "backlog/candidates.html", {
        "page": petitions.get_page(request.GET.get("page")), "today": today,
        "campaigns": campaign_list(),
    })


def _leader_for(unit):
    from accounts import roles
    from accounts.models import User

    return (User.objects.filter(is_active=True, org_unit=unit, groups__name=roles.LEADER)
            .order_by("username").first())


@login_required
def case_new(request):
    """The hand-over form; from a candidate petition it comes pre-filled."""
    if not can_act(request.user, "create"):
        raise PermissionDenied
    petition = None
    pid = request.GET.get("petition") or request.POST.get("petition")
    if pid:
        petition = petition_get_for(user=request.user, pk=pid)
    if request.method == "POST":
        form = forms.CaseForm(request.POST)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "petition"}
            once = create_from_form(request, form, create=lambda: services.case_create(
                actor=request.user, petition=petition, **data))
            if once is not None and not once.first:
                return show_first(request, once, "backlog:detail")
            if once is not None:
                messages.success(request, _("The case was handed over."))
                return redirect("backlog:detail", pk=once.pk)
    else:
        initial = {"campaign": campaign_list().first(), "petition": pid}
        if petition:
            initial.update(title=petition.title, org_unit=petition.org_unit,
                           leader=_leader_for(petition.org_unit))
        form = forms.CaseForm(initial=initial)
    return render(request, "backlog/case_form.html", {"form": form, "petition": petition})


@login_required
def campaign_new(request):
    if not can_act(request.user, "create"):
        raise PermissionDenied
    form = forms.CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        once = create_from_form(request, form, create=lambda: services.campaign_create(
            actor=request.user, **form.cleaned_data))
        if once is not None and not once.first:
            say_already_submitted(request)
            return redirect(f"{_url('backlog:index')}?campaign={once.pk or ''}")
        if once is not None:
            messages.success(request, _("The campaign was created."))
            return redirect(f"{_url('backlog:index')}?campaign={once.pk}")
    return render(request, "backlog/campaign_form.html", {"form": form})


def _url(name, **kwargs):
    from django.urls import reverse

    return reverse(name, kwargs=kwargs)


ACTIONS = {
    # action -> (form, service, success message)
    "submit_plan": (forms.PlanForm, services.case_submit_plan),
    "report_progress": (forms.ProgressForm, services.case_report_progress),
    "resolve": (forms.ResolveForm, services.case_resolve),
    "verify": (None, services.case_verify),
    "reopen": (forms.ReopenForm, services.case_reopen),
}


def _action_forms(case, user, bound=None):
    """The forms this user may use on this case in its status (the transition table)."""
    out = {}
    for name in MOVES.actions_from(case.status):
        if can_act(user, name):
            form_class = ACTIONS[name][0]
            if bound and bound[0] == name:
                out[name] = bound[1]
            else:
                out[name] = form_class(initial={"on": local_today()}) if form_class else None
    return out


@login_required
def case_detail(request, pk, bound=None):
    case = case_get_for(user=request.user, pk=pk)
    return render(request, "backlog/case_detail.html", {
        "case": case, "events": case_events(case=case),
        "progress": case.progress.select_related("author"),
        "evidence": case.evidence.all(),
        "actions": _action_forms(case, request.user, bound),
        "can_attach": can_act(request.user, "attach") and case.status != "verified",
        "evidence_form": forms.EvidenceForm(),
        "overdue": case.is_open and case.due_on < local_today(),
    })


@login_required
@require_POST
def case_action(request, pk, action):
    case = case_get_for(user=request.user, pk=pk)  # 404 outside the scope
    if action not in ACTIONS:
        raise Http404
    if not can_act(request.user, action):
        raise PermissionDenied
    form_class, service = ACTIONS[action]
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        return case_detail(request, pk, bound=(action, form))
    try:
        service(case_id=case.pk, actor=request.user, **(form.cleaned_data if form else {}))
    except TransitionError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        apply_validation_error(form, exc)
        return case_detail(request, pk, bound=(action, form))
    else:
        messages.success(request, _("Saved."))
    return redirect("backlog:detail", pk=case.pk)


@login_required
@require_POST
def evidence_upload(request, pk):
    case = case_get_for(user=request.user, pk=pk)
    if not can_act(request.user, "attach"):
        raise PermissionDenied
    form = forms.EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_attach(case_id=case.pk, actor=request.user,
                                     upload=form.cleaned_data["file"])
        except (ValidationError, TransitionError) as exc:
            text = exc.message if isinstance(exc, TransitionError) else " ".join(exc.messages)
            messages.error(request, text)
        else:
            messages.success(request, _("The file was attached."))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("backlog:detail", pk=case.pk)


@login_required
def evidence_download(request, pk, evidence_id):
    case = case_get_for(user=request.user, pk=pk)  # scope decides who may read it
    evidence = get_object_or_404(Evidence, pk=evidence_id, case=case)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=evidence.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def import_page(request):
    if not can_act(request.user, "import"):
        raise PermissionDenied
    form = forms.ImportForm(request.POST or None, request.FILES or None,
                            initial={"campaign": campaign_list().first()})
    result = report = None
    if request.method == "POST" and form.is_valid():
        upload, campaign = form.cleaned_data["file"], form.cleaned_data["campaign"]
        if import_runner.is_large(upload):
            # Large files go to the worker, with a time limit (issue 16).
            job = import_runner.import_job_start(actor=request.user, campaign=campaign,
                                                 upload=upload)
            return redirect("backlog:import_job", pk=job.pk)
        try:
            result = cases_import(actor=request.user, campaign=campaign, upload=upload)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if result.errors:
                # Kept outside the web root, named for its owner; see import_errors.
                report = import_runner.write_error_report(request.user.pk, result)
            else:
                messages.success(request, _("%(count)d cases were imported.")
                                 % {"count": result.count})
                return redirect(f"{_url('backlog:index')}?campaign={campaign.pk}")
    return render(request, "backlog/import.html", {"form": form, "result": result,
                                                   "report": report})


def _import_job_for(request, pk) -> ImportJob:
    # The owner's only: anyone else's job does not exist for them.
    return get_object_or_404(ImportJob.objects.select_related("campaign"), pk=pk,
                             user=request.user)


@login_required
def import_job(request, pk):
    """The progress and result of a large import; the status box polls itself (htmx)."""
    return render(request, "backlog/import_job.html", {"job": _import_job_for(request, pk)})


@login_required
def import_job_status(request, pk):
    return render(request, "backlog/_import_status.html", {"job": _import_job_for(request, pk)})


@login_required
def import_template(request):
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = ("attachment; filename=\"backlog-template.xlsx\"; "
                                       "filename*=UTF-8''%E7%A7%AF%E6%A1%88%E5%AF%BC%E5%85%A5"
                                       "%E6%A8%A1%E6%9D%BF.xlsx")
    return response


@login_required
def import_errors(request, token):
    if not re.fullmatch(r"\d+-[0-9a-f]{32}", token) or token.split("-")[0] != str(
            request.user.pk):
        raise Http404
    try:  # streamed from the files storage, whichever machine wrote it (core.files)
        handle = files.open(import_runner.error_report_path(token), "rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True,
                        filename="backlog-import-errors.xlsx", content_type=XLSX)



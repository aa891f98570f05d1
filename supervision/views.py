"""Supervision pages: thin views over selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scoping import unit_in_scope
from alerts.models import Alert
from alerts.selectors import alert_list_for, with_refs
from core.dates import local_today
from core.errors import TransitionError
from core.forms import apply_validation_error
from core.references import resolve_refs
from idempotency.views import create_from_page, say_already_submitted, show_first
from supervision import forms, permissions, selectors, services
from supervision.exports import ORDER_FILTERS
from supervision.models import AssessmentScore, SupervisionOrder
from workdays.services import add_working_days

# The due date a new order starts with: ten working days, the usual 限期 of a 督办单.
ORDER_DUE_WORKING_DAYS = 10


def _page(request, queryset, size=50):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


@login_required
def index(request):
    today = local_today()
    filters = {k: request.GET[k] for k in ORDER_FILTERS if request.GET.get(k)}
    orders = selectors.order_list_for(user=request.user, filters=filters, today=today)
    return render(request, "supervision/order_list.html", {
        "page": _page(request, orders), "filters": filters, "today": today,
        "query": request.GET.urlencode(), "statuses": SupervisionOrder.Status.choices,
        "levels": SupervisionOrder.Level.choices, "can_issue": permissions.can_issue(request.user),
    })


@login_required
def order_new(request):
    if not permissions.can_issue(request.user):
        raise PermissionDenied
    # The due date starts filled in (ORDER_DUE_WORKING_DAYS working days from today), so
    # issuing an order never needs a date typed by hand (issue 17); the supervisor may change it.
    initial = {"due_on": add_working_days(local_today(), ORDER_DUE_WORKING_DAYS),
               "level": SupervisionOrder.Level.GENERAL, **request.GET.dict()}
    form = forms.OrderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            once = create_from_page(request, create=lambda: services.order_create(
                actor=request.user, **form.cleaned_data))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if not once.first:
                return show_first(request, once, "supervision:order")
            return redirect("supervision:order", pk=once.pk)
    return render(request, "supervision/order_form.html", {"form": form})


@login_required
def order_targets(request):
    """JSON for the order form's datalist: petitions, backlog cases and risk matters
    in the user's scope whose own number starts with what was typed."""
    q = request.GET.get("q", "").strip().upper()[:30]
    return JsonResponse({"results": selectors.targets_by_number(user=request.user, q=q)})


@login_required
def order_detail(request, pk):
    order = selectors.order_get_for(user=request.user, pk=pk)
    user = request.user
    return render(request, "supervision/order_detail.html", {
        "order": order, "events": order.events.select_related("actor"),
        "today": local_today(), "days_overdue": order.days_overdue(local_today()),
        "can_respond": permissions.can_respond(user, order)
        and order.status == SupervisionOrder.Status.OPEN,
        "can_close": permissions.can_supervise(user)
        and order.status == SupervisionOrder.Status.RESPONDED,
        "can_escalate": permissions.can_supervise(user)
        and order.status != SupervisionOrder.Status.CLOSED and order.next_escalation,
        "respond_form": forms.RespondForm(),
        "escalate_form": forms.EscalateForm(initial={"to": order.next_escalation}),
    })


@login_required
def order_print(request, pk):
    order = selectors.order_get_for(user=request.user, pk=pk)
    return render(request, "supervision/order_print.html", {"order": order})


@login_required
@require_POST
def order_action(request, pk, action):
    order = selectors.order_get_for(user=request.user, pk=pk)
    try:
        if action == "respond":
            form = forms.RespondForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors.get_json_data())
            services.order_respond(actor=request.user, order_id=order.pk,
                                   note=form.cleaned_data["note"])
        elif action == "close":
            services.order_close(actor=request.user, order_id=order.pk,
                                 note=request.POST.get("note", ""))
        elif action == "escalate":
            form = forms.EscalateForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors.get_json_data())
            services.order_escalate(actor=request.user, order_id=order.pk, **form.cleaned_data)
        else:
            raise Http404
    except TransitionError as error:
        messages.error(request, error.message)
    except ValidationError:
        messages.error(request, _("Please fill in the form correctly."))
    else:
        messages.success(request, _("Saved."))
    return redirect("supervision:order", pk=order.pk)


@login_required
def notice_list(request):
    return render(request, "supervision/notice_list.html", {
        "page": _page(request, selectors.notice_list_for(user=request.user)),
        "can_supervise": permissions.can_supervise(request.user)})


@login_required
def notice_detail(request, pk):
    notice = selectors.notice_get_for(user=request.user, pk=pk)
    refs = resolve_refs((item.get("type", ""), item.get("id"))
                        for item in notice.evidence if str(item.get("id", "")).isdigit())
    evidence = [refs.get((item.get("type", ""), int(item["id"])))
                if str(item.get("id", "")).isdigit() else None for item in notice.evidence]
    return render(request, "supervision/notice_detail.html", {
        "notice": notice, "evidence": evidence,
        "records": notice.accountability_records.all()})


@login_required
def notice_new(request):
    if not permissions.can_supervise(request.user):
        raise PermissionDenied
    form = forms.NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        evidence = [{"type": "supervision_order", "id": o.pk,
                     "label": f"{o.number} {o.org_unit.name}"} for o in data["evidence_orders"]]
        try:
            once = create_from_page(request, create=lambda: services.notice_publish(
                actor=request.user, org_unit=data["org_unit"], title=data["title"],
                body=data["body"], evidence=evidence))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if not once.first:
                return show_first(request, once, "supervision:notice")
            return redirect("supervision:notice", pk=once.pk)
    return render(request, "supervision/simple_form.html", {
        "form": form, "title": _("Publish a notice")})


@login_required
def accountability_list(request):
    return render(request, "supervision/accountability_list.html", {
        "page": _page(request, selectors.accountability_list_for(user=request.user)),
        "can_supervise": permissions.can_supervise(request.user)})


@login_required
def accountability_new(request):
    if not permissions.can_supervise(request.user):
        raise PermissionDenied
    form = forms.AccountabilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            once = create_from_page(request, create=lambda: services.accountability_record_create(
                actor=request.user, **form.cleaned_data))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if not once.first:
                say_already_submitted(request)
            return redirect("supervision:accountability")
    return render(request, "supervision/simple_form.html", {
        "form": form, "title": _("Record accountability")})


@login_required
def assessment(request):
    today = local_today()
    form = forms.PeriodForm(request.GET or {"year": today.year, "month": today.month})
    scores, kind, period = [], "month", today.month
    if form.is_valid():
        kind, period = form.period()
        scores = selectors.ranking_for(user=request.user, year=form.cleaned_data["year"],
                                       period_kind=kind, period=period)
    return render(request, "supervision/assessment.html", {
        "form": form, "scores": scores, "kind": kind, "period": period,
        "export_query": request.GET.urlencode() or f"year={today.year}&month={today.month}"})


@login_required
def assessment_detail(request, pk):
    score = AssessmentScore.objects.select_related("org_unit").filter(pk=pk).first()
    if score is None or not unit_in_scope(request.user, score.org_unit):
        raise Http404
    return render(request, "supervision/assessment_detail.html", {
        "score": score, "deductions": selectors.deductions_in_words(score.deductions)})


@login_required
def alert_list(request):
    alerts = alert_list_for(user=request.user, kind=request.GET.get("kind", ""),
                            org_unit=request.GET.get("org_unit", ""),
                            open=request.GET.get("open", "true"))
    page = _page(request, alerts)
    return render(request, "supervision/alert_list.html", {
        "page": page, "kinds": Alert.Kind.choices, "alerts": with_refs(page),
        "open": request.GET.get("open", "true")})

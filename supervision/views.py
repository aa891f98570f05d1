"""Supervision pages: thin views over selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import OrgUnit
from accounts.scoping import unit_in_scope, units_for
from alerts.models import Alert
from alerts.selectors import alert_list_for, with_refs
from core.bulk import bulk_run, selected_ids
from core.dates import local_today
from core.errors import TransitionError
from core.listing import list_url, remember_list
from core.printing import paper_response
from core.references import resolve_refs
from core.widgets import unit_choices
from idempotency.views import create_from_form, say_already_submitted, show_first
from supervision import forms, permissions, selectors, services
from supervision.exports import ORDER_FILTERS
from supervision.models import AssessmentScore, SupervisionOrder
from supervision.transitions import MOVES
from workdays.services import add_working_days

# The due date a new order starts with: ten working days, the usual 限期 of a 督办单.
ORDER_DUE_WORKING_DAYS = 10


def _page(request, queryset, size=50):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


@login_required
def index(request):
    today = local_today()
    filters = {k: request.GET[k] for k in ORDER_FILTERS if request.GET.get(k)}
    orders, _sort = selectors.order_sorted(
        selectors.order_list_for(user=request.user, filters=filters, today=today),
        request.GET.get("sort"))
    remember_list(request, "orders")
    return render(request, "supervision/order_list.html", {
        "page": _page(request, orders), "filters": filters, "today": today,
        "query": request.GET.urlencode(), "statuses": SupervisionOrder.Status.choices,
        "levels": SupervisionOrder.Level.choices, "can_issue": permissions.can_issue(request.user),
        "can_remind": permissions.can_supervise(request.user),
        "unit_options": unit_choices(units_for(request.user).exclude(kind=OrgUnit.Kind.CITY)
                                     .only("code", "name", "path"), empty=_("All units")),
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
        once = create_from_form(request, form, create=lambda: services.order_create(
            actor=request.user, **form.cleaned_data))
        if once is not None and not once.first:
            return show_first(request, once, "supervision:order")
        if once is not None:
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
    user, moves = request.user, MOVES.actions_from(order.status)
    return render(request, "supervision/order_detail.html", {
        "order": order, "events": order.events.select_related("actor"),
        "today": local_today(), "days_overdue": order.days_overdue(local_today()),
        "can_respond": permissions.can_respond(user, order) and "respond" in moves,
        "can_close": permissions.can_supervise(user) and "close" in moves,
        "can_escalate": permissions.can_supervise(user) and "escalate" in moves
        and order.next_escalation,
        "can_remind": permissions.can_supervise(user)
        and order.status == SupervisionOrder.Status.OPEN,
        "respond_form": forms.RespondForm(),
        "escalate_form": forms.EscalateForm(initial={"to": order.next_escalation}),
    })


@login_required
def order_print(request, pk, as_pdf=False):
    """The 督办单 as a printable page, or as a PDF (core/printing.py)."""
    order = selectors.order_get_for(user=request.user, pk=pk)
    return paper_response(request, template="supervision/order_print.html",
                          context={"order": order}, filename=order.number, as_pdf=as_pdf)


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
        elif action == "remind":
            services.order_remind(actor=request.user, order_id=order.pk,
                                  note=request.POST.get("note", "")[:500])
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
@require_POST
def order_bulk_remind(request):
    """Remind the units of several open orders at once (issue 19, item 5)."""
    if not permissions.can_supervise(request.user):
        raise PermissionDenied
    ids = selected_ids(request.POST.getlist("ids"))
    back = list_url(request, "orders", "supervision:index")
    if not ids:
        messages.error(request, _("Tick the orders to remind."))
        return redirect(back)
    orders = {o.pk: o for o in selectors.order_list_for(user=request.user).filter(pk__in=ids)}
    refs = resolve_refs(("supervision_order", pk) for pk in orders)
    note, today = request.POST.get("note", ""), local_today()
    outcomes = bulk_run(
        [orders[pk] for pk in ids if pk in orders],
        label=lambda o: refs[("supervision_order", o.pk)].text,
        url=lambda o: refs[("supervision_order", o.pk)].url,
        action=lambda o: services.order_remind(actor=request.user, order_id=o.pk, note=note,
                                               today=today))
    return render(request, "bulk_result.html", {
        "title": _("Remind the units"), "outcomes": outcomes,
        "missing": len(ids) - len(orders), "back": back})


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
        once = create_from_form(request, form, create=lambda: services.notice_publish(
            actor=request.user, org_unit=data["org_unit"], title=data["title"],
            body=data["body"], evidence=evidence))
        if once is not None and not once.first:
            return show_first(request, once, "supervision:notice")
        if once is not None:
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
        once = create_from_form(request, form, create=lambda: (
            services.accountability_record_create(actor=request.user, **form.cleaned_data)))
        if once is not None and not once.first:
            say_already_submitted(request)
        if once is not None:
            return redirect("supervision:accountability")
    return render(request, "supervision/simple_form.html", {
        "form": form, "title": _("Record accountability")})


def _period_label(year: int, kind: str, period: int) -> str:
    """The assessment period in words, shown above the ranking and on its printout."""
    if kind == AssessmentScore.PeriodKind.MONTH:
        return _("%(year)s, month %(n)s") % {"year": year, "n": period}
    if kind == AssessmentScore.PeriodKind.QUARTER:
        return _("%(year)s, quarter %(n)s") % {"year": year, "n": period}
    return _("%(year)s, whole year") % {"year": year}


@login_required
def assessment(request):
    today = local_today()
    form = forms.PeriodForm(request.GET or {"year": today.year, "month": today.month})
    scores, kind, period = [], "month", today.month
    if form.is_valid():
        kind, period = form.period()
        scores = selectors.ranking_for(user=request.user, year=form.cleaned_data["year"],
                                       period_kind=kind, period=period)
    year = form.cleaned_data["year"] if form.is_valid() else today.year
    return render(request, "supervision/assessment.html", {
        "form": form, "scores": scores, "kind": kind, "period": period,
        "period_label": _period_label(year, kind, period),
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

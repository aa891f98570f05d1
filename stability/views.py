"""Pages for the stability register: thin views over selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.scoping import get_scoped_or_404, units_for
from core.errors import TransitionError
from core.forms import apply_validation_error
from core.listing import remember_list
from idempotency.views import create_from_form, show_first
from petitions.models import Petition
from screening.models import ScreeningItem
from stability import services
from stability.forms import ContactForm, MatterForm, PlanForm, ResolveForm
from stability.permissions import can_act, can_work_on_matters
from stability.selectors import (
    matter_contacts,
    matter_get_for,
    matter_linked_petitions,
    matter_list_for,
    matter_risk_grid_for,
    matter_timeline,
    screening_item_get_for,
)
from stability.transitions import MOVES


@login_required
def matter_list(request):
    filterset, matters = matter_list_for(user=request.user, filters=request.GET,
                                         units=units_for(request.user).only("code", "name",
                                                                             "path"))
    page = Paginator(matters, 50).get_page(request.GET.get("page"))
    remember_list(request, "stability")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "stability/matter_list.html", {
        "filter": filterset, "page": page, "query": query.urlencode(),
        "can_create": can_work_on_matters(request.user),
    })


@login_required
def matter_new(request):
    """The register form; with ?screening_item=ID it is prefilled from that item."""
    if not can_work_on_matters(request.user):
        raise PermissionDenied
    item = _item_to_raise(request)
    raised = item.raised_matters.first() if item is not None else None
    if raised is not None:
        messages.info(request, _("This item has already been raised to a matter."))
        return redirect("stability:detail", pk=raised.pk)
    form = MatterForm(request.POST or None, user=request.user, initial=_from_item(item))
    if request.method == "POST" and form.is_valid():
        once = create_from_form(request, form, create=lambda: services.matter_create(
            actor=request.user, screening_item=item, **form.cleaned_data))
        if once is not None and not once.first:
            return show_first(request, once, "stability:detail")
        if once is not None:
            messages.success(request, _("The matter is on the register."))
            return redirect("stability:detail", pk=once.pk)
    return render(request, "stability/matter_form.html", {"form": form, "item": item})


def _item_to_raise(request):
    item_id = request.POST.get("screening_item") or request.GET.get("screening_item")
    if not item_id:
        return None
    item = screening_item_get_for(user=request.user, pk=item_id) if item_id.isdigit() else None
    if item is None:
        raise Http404
    return item


def _from_item(item) -> dict:
    if item is None:
        return {}
    people, count = services.item_people(item)
    unit = item.report.org_unit
    return {"title": item.description[:200], "category": item.category, "org_unit": unit,
            "risk_level": item.risk_level, "people_involved": people, "people_count": count,
            "plan": item.measures, "leader": services.default_leader_for(unit)}


def _detail_context(request, matter, **forms):
    allowed = can_act(request.user, matter)
    return {
        "matter": matter, "can_act": allowed and bool(MOVES.actions_from(matter.status)),
        "events": matter_timeline(matter), "contacts": matter_contacts(matter),
        "petitions": matter_linked_petitions(matter),
        "contact_form": forms.get("contact_form") or ContactForm(),
        "resolve_form": forms.get("resolve_form") or ResolveForm(),
        "plan_form": forms.get("plan_form") or PlanForm(
            initial={"plan": matter.plan, "risk_level": matter.risk_level}),
    }


@login_required
def matter_detail(request, pk):
    matter = matter_get_for(user=request.user, pk=pk)
    return render(request, "stability/matter_detail.html", _detail_context(request, matter))


# Each action: scope (404) -> form -> service; a wrong status becomes a message.
ACTIONS = {
    "log_contact": (ContactForm, "contact_form", services.matter_log_contact,
                    gettext_lazy("The contact is recorded.")),
    "resolve": (ResolveForm, "resolve_form", services.matter_resolve,
                gettext_lazy("The matter is resolved.")),
    "update_plan": (PlanForm, "plan_form", services.matter_update_plan,
                    gettext_lazy("The plan is updated.")),
}


@login_required
@require_POST
def matter_action(request, pk, name):
    if name not in ACTIONS:
        raise Http404
    matter = matter_get_for(user=request.user, pk=pk)
    form_class, form_name, service, done = ACTIONS[name]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(matter_id=matter.pk, actor=request.user, **form.cleaned_data)
        except TransitionError as error:
            messages.error(request, error.message)
        except ValidationError as error:
            apply_validation_error(form, error)
            return render(request, "stability/matter_detail.html",
                          _detail_context(request, matter, **{form_name: form}), status=400)
        else:
            messages.success(request, done)
        return redirect("stability:detail", pk=matter.pk)
    return render(request, "stability/matter_detail.html",
                  _detail_context(request, matter, **{form_name: form}), status=400)


@login_required
def risk_grid(request):
    return render(request, "stability/risk_grid.html", matter_risk_grid_for(user=request.user))


# One-click raising from a screening item or a collective petition.
RAISE_SOURCES = {
    # kind: (model, the path to the record's unit, service, keyword)
    "screening-item": (ScreeningItem, "report__org_unit",
                       services.matter_raise_from_screening_item, "item"),
    "petition": (Petition, "org_unit", services.matter_raise_from_petition, "petition"),
}


@login_required
@require_POST
def matter_raise(request, kind, pk):
    if kind not in RAISE_SOURCES or not can_work_on_matters(request.user):
        raise Http404
    model, unit_field, service, keyword = RAISE_SOURCES[kind]
    source = get_scoped_or_404(model.objects.all(), request.user, unit_field, pk=pk)
    try:
        matter = service(**{keyword: source}, actor=request.user)
    except (TransitionError, ValidationError) as error:
        message = error.message if isinstance(error, TransitionError) else " ".join(error.messages)
        messages.error(request, message)
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
            back = "stability:index"
        return redirect(back)
    messages.success(request, _("The matter is on the register."))
    return redirect("stability:detail", pk=matter.pk)


"""Pages: scope -> permit -> validate -> service -> redirect (style.md)."""

import secrets
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scoping import units_for
from audit.services import audit
from core.bulk import bulk_run, selected_ids
from core.dates import local_today
from core.errors import TransitionError
from core.forms import apply_validation_error
from core.listing import list_url, remember_list
from core.references import resolve_refs
from idempotency.views import create_from_form, show_first
from petitions import services
from petitions.filters import PetitionFilter, no_filter
from petitions.forms import (
    ACTION_FORMS,
    AssignForm,
    PetitionerEditForm,
    PetitionerFormSet,
    PetitionForm,
    TrackForm,
    action_form,
)
from petitions.idnumbers import mask_address, mask_id_number, mask_phone, normalize_id_number
from petitions.lookups import LookupKind, LookupReasonForm
from petitions.models import Petition, Petitioner
from petitions.permissions import (
    can_act,
    can_edit_petitioner,
    can_register,
    can_reveal_id,
    can_see_contact,
)
from petitions.search import is_id_number
from petitions.selectors import (
    petition_events,
    petition_get_for,
    petition_list_for,
    petition_scope,
    petition_scope_count,
    petition_sorted,
    petitioner_history,
    receipt_context,
    reception_get_for,
    repeat_visible,
    track_deadlines,
)
from petitions.subject_access import can_export_subject_data
from petitions.transitions import MOVES
from workdays.services import due_soon_limit

PAGE_SIZE = 50


@login_required
def petition_list(request):
    today = local_today()
    services.petition_list_filter_check(user=request.user, params=request.GET, request=request)
    # Voided registrations only through the filter (voided=true), never by default.
    qs = petition_list_for(user=request.user, with_voided=True)
    # The picker needs code, name and path only: tuples, not 440 model instances.
    units = [SimpleNamespace(code=code, name=name, path=path) for code, name, path
             in units_for(request.user).values_list("code", "name", "path")]
    flt = PetitionFilter(request.GET or None, queryset=qs, today=today, units=units)
    if is_id_number(request.GET.get("q", "")):
        # Who looked a person up by their ID number is a data access (docs/security.md).
        audit(action="petition_search_id", user=request.user, obj_type="petitioner",
              obj_id=mask_id_number(request.GET["q"].strip().upper()), request=request)
    shown = flt.qs if flt.is_bound else qs.exclude(status=Petition.Status.VOIDED)
    rows, sort = petition_sorted(shown, request.GET.get("sort"))
    paginator = Paginator(rows, PAGE_SIZE)
    if no_filter(request.GET):  # the list a clerk opens: counted from the indexes alone
        paginator.count = petition_scope_count(request.user)
    page = paginator.get_page(request.GET.get("page"))
    remember_list(request, "petitions")
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "petitions/petition_list.html", {
        "filter": flt, "page": page, "today": today, "soon": due_soon_limit(today),
        "query": params.urlencode(), "can_register": can_register(request.user),
        "can_export_subject_data": can_export_subject_data(request.user),
        # The bulk form only when this page has something it can assign.
        "assign_form": _bulk_assign_form(request.user)
        if any(p.status == Petition.Status.ACCEPTED for p in page) else None,
    })


def _bulk_assign_form(user) -> AssignForm | None:
    if not can_act(user, "assign"):
        return None
    form = AssignForm(user=user, auto_id="bulk_%s")
    form.fields["org_unit"].widget.attrs["class"] = "form-select form-select-sm"
    return form


@login_required
@require_POST
def petition_bulk_assign(request):
    """The city assigns several accepted petitions to one unit (issue 19, item 5):
    petition_assign once per petition, each in its own transaction with its event."""
    if not can_act(request.user, "assign"):
        raise PermissionDenied
    back = list_url(request, "petitions", "petitions:list")
    ids = selected_ids(request.POST.getlist("ids"))
    form = AssignForm(request.POST, user=request.user)
    if not ids or not form.is_valid():
        messages.error(request, _("Tick the petitions and choose the handling unit."))
        return redirect(back)
    unit, today = form.cleaned_data["org_unit"], local_today()
    found = {p.pk: p for p in petition_scope(Petition.objects.all(), request.user)
             .filter(pk__in=ids).only("pk")}
    refs = resolve_refs(("petition", pk) for pk in found)
    outcomes = bulk_run(
        [found[pk] for pk in ids if pk in found],
        label=lambda p: refs[("petition", p.pk)].text,
        url=lambda p: refs[("petition", p.pk)].url,
        action=lambda p: services.petition_assign(petition_id=p.pk, actor=request.user,
                                                  org_unit=unit, today=today))
    return render(request, "bulk_result.html", {
        "title": _("Assign to %(unit)s") % {"unit": unit.name}, "outcomes": outcomes,
        "missing": len(ids) - len(found), "back": back})


@login_required
def petition_new(request):
    if not can_register(request.user):
        raise PermissionDenied
    reception = None
    if request.GET.get("reception"):
        reception = reception_get_for(user=request.user, pk=request.GET["reception"])
    form = PetitionForm(request.POST or None, user=request.user, reception=reception)
    people = PetitionerFormSet(request.POST or None, prefix="p")
    if request.method == "POST" and form.is_valid() and people.is_valid():
        rows = [f.cleaned_data for f in people.forms if f.cleaned_data]
        once = create_from_form(request, form, create=lambda: services.petition_register(
            actor=request.user, petitioners=rows, **form.cleaned_data))
        if once is not None and not once.first:
            return show_first(request, once, "petitions:detail")
        if once is not None:
            p = once.obj
            messages.success(request, _("Petition %(n)s registered.") % {"n": p.number})
            for warning in p.warnings:
                messages.warning(request, warning)
            if p.not_acceptable_again:
                messages.warning(request, _("The same matter was closed after re-review "
                                            "(three-level termination): not to be accepted "
                                            "again."))
            elif p.is_repeat and repeat_visible(petition=p, user=request.user):
                messages.warning(request, _("Repeat petition: see %(n)s.")
                                 % {"n": p.repeat_of.number})
            elif p.is_repeat:
                messages.warning(request, _("This person has petitioned at another unit "
                                            "before."))
            return redirect("petitions:detail", pk=p.pk)
    return render(request, "petitions/petition_form.html", {"form": form, "people": people})


@login_required
@require_POST
def petitioner_check(request):
    """htmx: what the registering clerk should know about an ID number, as they type it.

    Only for those who register petitions, and audited: otherwise it would
    answer "has this person ever petitioned?" for anyone (docs/security.md).
    """
    if not can_register(request.user):
        raise PermissionDenied
    raw = next((v for k, v in request.POST.items() if k.endswith("id_number")), "")
    if not raw.strip():  # a petitioner without an ID: nothing to check
        return HttpResponse("")
    try:
        number = normalize_id_number(raw)
    except ValidationError as e:
        return render(request, "petitions/_petitioner_check.html", {"error": e.messages[0]})
    earlier = services.petition_find_earlier_any(id_number=number)
    audit(action="petitioner_check", user=request.user, obj_type="petitioner",
          obj_id=mask_id_number(number), data={"found": earlier is not None}, request=request)
    # Outside the clerk's scope the earlier record does not exist for them: say
    # only that the person petitioned before, not where or what.
    visible = earlier is not None and petition_scope(
        Petition.objects.filter(pk=earlier.pk), request.user).exists()
    return render(request, "petitions/_petitioner_check.html",
                  {"earlier": earlier, "visible": visible})


def _offered(action: str, p: Petition) -> bool:
    # One extension: asked for (or granted by the leader directly) until granted;
    # a waiting request is approved or refused before anything else.
    if action in ("extend", "request_extension"):
        return not p.extended_days and not p.extension_pending
    if action in ("approve_extension", "refuse_extension"):
        return p.extension_pending
    if action == "feedback":  # a case from above, once
        return p.source == Petition.Source.UPPER and p.feedback_on is None
    return True


def _detail_context(request, p, forms=None, revealed=None, history_form=None,
                    show_history=False):
    user = request.user
    actions = [a for a in MOVES.actions_from(p.status) if can_act(user, a, p)
               and _offered(a, p)]
    forms = forms or {}
    today = local_today()
    dues = [(label, day, (day - today).days, abs((day - today).days), day == p.current_due) for label, day in (
        (_("Acceptance due"), p.acceptance_due), (_("Handling due"), p.handling_due),
        (_("Review request due"), p.review_request_due), (_("Review due"), p.review_due),
        (_("Re-review request due"), p.recheck_request_due),
        (_("Re-review due"), p.recheck_due)) if day]
    return {
        "dues": dues,
        "p": p, "today": local_today(), "events": petition_events(petition=p),
        # The petitioner's other petitions are listed only once the user gives a
        # reason (issue 20, item 10); until then, only how many there are.
        "history": petitioner_history(petition=p, user=user)[:20] if show_history else None,
        "history_count": petitioner_history(petition=p, user=user).count(),
        "history_form": history_form or LookupReasonForm(),
        "actions": [(a, ACTION_FORMS[a][1], forms.get(a) or _blank_form(a, user, p))
                    for a in actions],
        "can_reveal": can_reveal_id(user, p), "revealed": revealed or {},
        "repeat_visible": repeat_visible(petition=p, user=user),
        "people": _people(p, full_contact=can_see_contact(user, p)),
        "can_edit_petitioner": can_edit_petitioner(user),
        "open_action": next(iter(forms), None),
        # For the 受理告知书 (printed receipt): the code the petitioner follows the case with.
        "receipt": receipt_context(p),
    }


def _blank_form(action: str, user, p):
    form = action_form(action, user)
    if action == "request_review" and p.review_asked_online_on and "on" in form.fields:
        # Confirming the petitioner's online request: dated the day they asked.
        form.initial["on"] = p.review_asked_online_on
    return form


def _people(p, *, full_contact: bool) -> list:
    """(person, phone, address) as given with this petition; masked for the
    roles that do not handle the case."""
    return [(link.petitioner, link.phone if full_contact else mask_phone(link.phone),
             link.address if full_contact else mask_address(link.address))
            for link in p.links.all()]


@login_required
def petition_detail(request, pk):
    p = petition_get_for(user=request.user, pk=pk)
    return render(request, "petitions/petition_detail.html", _detail_context(request, p))


@login_required
@require_POST
def petition_action(request, pk, action):
    p = petition_get_for(user=request.user, pk=pk)
    if action not in ACTION_FORMS:
        raise Http404
    if not can_act(request.user, action, p):
        raise PermissionDenied
    form = action_form(action, request.user, request.POST)
    if form.is_valid():
        service = getattr(services, f"petition_{action}")
        try:
            service(petition_id=p.pk, actor=request.user, **form.cleaned_data)
        except TransitionError as e:
            messages.error(request, e.message)
            return redirect("petitions:detail", pk=p.pk)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, _("Done: %(a)s.") % {"a": ACTION_FORMS[action][1]})
            return redirect("petitions:detail", pk=p.pk)
    return render(request, "petitions/petition_detail.html",
                  _detail_context(request, p, forms={action: form}), status=400)


@login_required
@require_POST
def petition_history(request, pk):
    """The petitioner's other petitions, shown for a stated reason and recorded."""
    p = petition_get_for(user=request.user, pk=pk)
    form = LookupReasonForm(request.POST)
    if form.is_valid():
        try:
            services.person_lookup_record(
                actor=request.user, kind=LookupKind.HISTORY, reason=form.cleaned_data["reason"],
                note=form.cleaned_data["reason_note"], petition=p, request=request)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            return render(request, "petitions/petition_detail.html",
                          _detail_context(request, p, show_history=True))
    return render(request, "petitions/petition_detail.html",
                  _detail_context(request, p, history_form=form), status=400)


@login_required
def petitioner_edit(request, pk):
    """The city corrects a person's master record (name, phone, address); audited."""
    if not can_edit_petitioner(request.user):
        raise PermissionDenied
    person = get_object_or_404(Petitioner, pk=pk)
    form = PetitionerEditForm(request.POST or None, initial={
        "name": person.name, "phone": person.phone, "address": person.address})
    if request.method == "POST" and form.is_valid():
        try:
            services.petitioner_update(petitioner_id=person.pk, actor=request.user,
                                       request=request, **form.cleaned_data)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, _("The person's record is updated."))
            return redirect("petitions:petitioner_edit", pk=person.pk)
    return render(request, "petitions/petitioner_edit.html", {"form": form, "person": person})


@login_required
@require_POST
def petition_reveal(request, pk, petitioner_pk):
    p = petition_get_for(user=request.user, pk=pk)
    person = get_object_or_404(p.petitioners.all(), pk=petitioner_pk)
    number = services.petition_reveal_id(petition=p, petitioner=person, actor=request.user,
                                         request=request)
    return render(request, "petitions/petition_detail.html",
                  _detail_context(request, p, revealed={person.pk: number}))


# ------------------------------------------------------------ public follow-up

TRACK_LIMIT = 10  # lookups per client address per 10 minutes
TRACK_NUMBER_LIMIT = 5  # lookups of one petition number per 10 minutes, from anywhere


def _over_limit(key: str, limit: int) -> bool:
    cache.add(key, 0, timeout=600)
    try:
        return cache.incr(key) > limit
    except ValueError:
        return False


def _rate_limited(request, number: str) -> bool:
    # REMOTE_ADDR is the real client's: accounts.middleware.TrustedProxyMiddleware
    # takes it from X-Forwarded-For when the request comes through our own proxy.
    by_address = _over_limit("track:" + request.META.get("REMOTE_ADDR", ""), TRACK_LIMIT)
    by_number = _over_limit("track-number:" + number, TRACK_NUMBER_LIMIT)
    return by_address or by_number


def _track_find(number: str, query_code: str) -> Petition | None:
    p = Petition.objects.filter(number=number).select_related("org_unit").first()
    if p and p.query_code and secrets.compare_digest(p.query_code, query_code):
        return p
    return None


def petition_track(request):
    """Public page (no login): a petitioner follows and rates their own case (art. 21)."""
    form = TrackForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["number"]
        if _rate_limited(request, number):
            form.add_error(None, _("Too many attempts. Please try again in ten minutes."))
        else:
            found = _track_find(number, form.cleaned_data["query_code"])
            audit(action="track_lookup", obj_type="petition", obj_id=number,
                  data={"found": found is not None,
                        "rating": bool(request.POST.get("satisfaction"))}, request=request)
            if found is None:
                form.add_error(None, _("No petition matches this number and query code."))
            elif request.POST.get("ask_review"):
                try:
                    found = services.petition_ask_review_online(
                        petition_id=found.pk, reason=request.POST.get("reason", ""))
                    messages.success(request, _("Your request for review is sent; the office "
                                                "will confirm it."))
                except TransitionError as e:
                    messages.error(request, e.message)
                except ValidationError as e:
                    messages.error(request, " ".join(e.messages))
            elif request.POST.get("satisfaction"):
                try:
                    found = services.petition_rate(petition_id=found.pk,
                                                   satisfaction=request.POST["satisfaction"])
                    messages.success(request, _("Thank you for your rating."))
                except (TransitionError, ValidationError):
                    messages.error(request, _("The rating could not be recorded."))
    rated = found is not None and found.events.filter(action="rate").exists()
    today = local_today()
    return render(request, "petitions/petition_track.html", {
        "form": form, "p": found, "rated": rated, "today": today,
        "deadlines": track_deadlines(found) if found else [],
        "can_ask_review": found is not None and found.status == Petition.Status.REPLIED
        and found.review_request_due is not None and today <= found.review_request_due
        and found.review_asked_online_on is None,
        "satisfactions": Petition.Satisfaction.choices})

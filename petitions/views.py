"""Pages: scope -> permit -> validate -> service -> redirect (style.md)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.dates import local_today
from core.errors import TransitionError
from petitions import services
from petitions.filters import PetitionFilter
from petitions.forms import (
    ACTION_FORMS,
    STATUS_ACTIONS,
    PetitionerFormSet,
    PetitionForm,
    TrackForm,
    action_form,
)
from petitions.idnumbers import normalize_id_number
from petitions.models import Petition
from petitions.permissions import can_act, can_register, can_reveal_id
from petitions.selectors import (
    petition_events,
    petition_get_for,
    petition_list_for,
    petition_scope,
    petitioner_history,
)
from petitions.subject_access import can_export_subject_data
from workdays.services import due_soon_limit

PAGE_SIZE = 50


@login_required
def petition_list(request):
    qs = petition_list_for(user=request.user)
    flt = PetitionFilter(request.GET or None, queryset=qs)
    page = Paginator(flt.qs if flt.is_bound else qs, PAGE_SIZE).get_page(request.GET.get("page"))
    today = local_today()
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "petitions/petition_list.html", {
        "filter": flt, "page": page, "today": today, "soon": due_soon_limit(today),
        "query": params.urlencode(), "can_register": can_register(request.user),
        "can_export_subject_data": can_export_subject_data(request.user),
    })


def _add_errors(form, error: ValidationError):
    for field, msgs in error.message_dict.items():
        form.add_error(field if field in form.fields else None, msgs)


@login_required
def petition_new(request):
    if not can_register(request.user):
        raise PermissionDenied
    form = PetitionForm(request.POST or None, user=request.user)
    people = PetitionerFormSet(request.POST or None, prefix="p")
    if request.method == "POST" and form.is_valid() and people.is_valid():
        rows = [f.cleaned_data for f in people.forms if f.cleaned_data]
        try:
            p = services.petition_register(actor=request.user, petitioners=rows,
                                           **form.cleaned_data)
        except ValidationError as e:
            _add_errors(form, e)
        else:
            messages.success(request, _("Petition %(n)s registered.") % {"n": p.number})
            if p.not_acceptable_again:
                messages.warning(request, _("The same matter was closed after re-review "
                                            "(three-level termination): not to be accepted "
                                            "again."))
            elif p.is_repeat:
                messages.warning(request, _("Repeat petition: see %(n)s.")
                                 % {"n": p.repeat_of.number})
            return redirect("petitions:detail", pk=p.pk)
    return render(request, "petitions/petition_form.html", {"form": form, "people": people})


@login_required
@require_POST
def petitioner_check(request):
    """htmx: what the registering clerk should know about an ID number, as they type it."""
    raw = next((v for k, v in request.POST.items() if k.endswith("id_number")), "")
    if not raw.strip():  # a petitioner without an ID: nothing to check
        return HttpResponse("")
    try:
        number = normalize_id_number(raw)
    except ValidationError as e:
        return render(request, "petitions/_petitioner_check.html", {"error": e.messages[0]})
    earlier = services.petition_find_earlier_any(id_number=number)
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
    return True


def _detail_context(request, p, forms=None, revealed=None):
    user = request.user
    actions = [a for a in STATUS_ACTIONS.get(p.status, []) if can_act(user, a, p)
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
        "history": petitioner_history(petition=p, user=user)[:20],
        "actions": [(a, ACTION_FORMS[a][1], forms.get(a) or action_form(a, user))
                    for a in actions],
        "can_reveal": can_reveal_id(user, p), "revealed": revealed or {},
        "open_action": next(iter(forms), None),
    }


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
            _add_errors(form, e)
        else:
            messages.success(request, _("Done: %(a)s.") % {"a": ACTION_FORMS[action][1]})
            return redirect("petitions:detail", pk=p.pk)
    return render(request, "petitions/petition_detail.html",
                  _detail_context(request, p, forms={action: form}), status=400)


@login_required
@require_POST
def petition_reveal(request, pk, petitioner_pk):
    p = petition_get_for(user=request.user, pk=pk)
    person = get_object_or_404(p.petitioners.all(), pk=petitioner_pk)
    number = services.petition_reveal_id(petition=p, petitioner=person, actor=request.user)
    return render(request, "petitions/petition_detail.html",
                  _detail_context(request, p, revealed={person.pk: number}))


# ------------------------------------------------------------ public follow-up

TRACK_LIMIT = 10  # lookups per client address per 10 minutes


def _rate_limited(request) -> bool:
    key = "track:" + request.META.get("REMOTE_ADDR", "")
    cache.add(key, 0, timeout=600)
    try:
        return cache.incr(key) > TRACK_LIMIT
    except ValueError:
        return False


def _track_find(number: str, id_tail: str) -> Petition | None:
    p = (Petition.objects.filter(number=number).select_related("org_unit")
         .prefetch_related("petitioners").first())
    if p and any(person.id_number.endswith(id_tail) for person in p.petitioners.all()):
        return p
    return None


def petition_track(request):
    """Public page (no login): a petitioner follows and rates their own case (art. 21)."""
    form = TrackForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        if _rate_limited(request):
            form.add_error(None, _("Too many attempts. Please try again in ten minutes."))
        else:
            found = _track_find(form.cleaned_data["number"], form.cleaned_data["id_tail"])
            if found is None:
                form.add_error(None, _("No petition matches this number and ID number."))
            elif request.POST.get("satisfaction"):
                try:
                    found = services.petition_rate(petition_id=found.pk,
                                                   satisfaction=request.POST["satisfaction"])
                    messages.success(request, _("Thank you for your rating."))
                except (TransitionError, ValidationError):
                    messages.error(request, _("The rating could not be recorded."))
    return render(request, "petitions/petition_track.html", {
        "form": form, "p": found, "satisfactions": Petition.Satisfaction.choices})

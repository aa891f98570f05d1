"""Pages of the joint meeting: list, record, detail, and turning a decision into
an order or a backlog case (style.md: scope -> permit -> validate -> service)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import TransitionError
from core.forms import apply_validation_error
from core.references import resolve_refs
from meetings import permissions, selectors, services
from meetings.forms import ItemFormSet, MakeCaseForm, MakeOrderForm, MeetingForm


@login_required
def meeting_list(request):
    meetings = selectors.meeting_list_for(user=request.user)[:200]
    return render(request, "meetings/meeting_list.html", {
        "meetings": meetings, "can_record": permissions.can_record(request.user)})


@login_required
def meeting_new(request):
    if not permissions.can_record(request.user):
        raise PermissionDenied
    form = MeetingForm(request.POST or None)
    items = ItemFormSet(request.POST or None, prefix="i")
    if request.method == "POST" and form.is_valid() and items.is_valid():
        rows = [f.cleaned_data for f in items.forms if f.cleaned_data]
        try:
            meeting = services.meeting_create(actor=request.user, items=rows, **form.cleaned_data)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "items": items},
                  status=400 if request.method == "POST" else 200)


def _detail(request, meeting, errors=None):
    user = request.user
    items = list(meeting.items.all())
    refs = resolve_refs((i.target_type, i.target_id) for i in items if i.target_type)
    rows = [{"item": i, "ref": refs.get((i.target_type, i.target_id)) if i.target_type else None,
             "order_form": MakeOrderForm(prefix=f"o{i.pk}"),
             "case_form": MakeCaseForm(prefix=f"c{i.pk}", item=i)} for i in items]
    return render(request, "meetings/meeting_detail.html", {
        "meeting": meeting, "rows": rows, "errors": errors or [],
        "can_make_order": permissions.can_make_order(user),
        "can_make_case": permissions.can_make_backlog_case(user),
        "events": meeting.events.select_related("actor")},
        status=400 if errors else 200)


@login_required
def meeting_detail(request, pk):
    return _detail(request, selectors.meeting_get_for(user=request.user, pk=pk))


@login_required
@require_POST
def item_make(request, pk, item_pk, what):
    meeting = selectors.meeting_get_for(user=request.user, pk=pk)
    item = selectors.item_get_for(user=request.user, pk=item_pk)
    if item.meeting_id != meeting.pk or what not in ("order", "case"):
        return _detail(request, meeting, errors=[_("No such decision.")])
    allowed = (permissions.can_make_order if what == "order"
               else permissions.can_make_backlog_case)(request.user)
    if not allowed:
        raise PermissionDenied
    form = (MakeOrderForm(request.POST, prefix=f"o{item.pk}") if what == "order"
            else MakeCaseForm(request.POST, prefix=f"c{item.pk}", item=item))
    if not form.is_valid():
        return _detail(request, meeting, errors=[e for es in form.errors.values() for e in es])
    try:
        if what == "order":
            order = services.item_make_order(actor=request.user, item_id=item.pk,
                                             **form.cleaned_data)
            messages.success(request, _("Supervision order %(n)s issued.") % {"n": order.number})
        else:
            services.item_make_backlog_case(actor=request.user, item_id=item.pk,
                                            **form.cleaned_data)
            messages.success(request, _("Backlog case handed over."))
    except (TransitionError, ValidationError) as e:
        return _detail(request, meeting, errors=e.messages if isinstance(e, ValidationError)
                       else [str(e.message)])
    return redirect("meetings:detail", pk=meeting.pk)

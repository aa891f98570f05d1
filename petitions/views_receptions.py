"""Leader reception days (领导接访, issue 20): the day, the leader, the place, and
the petitions registered there. Nothing about a petitioner beyond the petition."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.roles import LEADER
from accounts.scoping import units_for
from core.dates import local_today
from core.forms import apply_validation_error
from core.widgets import CHOOSE, DateInput
from petitions import services
from petitions.permissions import can_record_reception, can_register
from petitions.selectors import reception_get_for, receptions_for


class LeaderChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name}（{obj.org_unit.name}）"


class ReceptionForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("Day"), widget=DateInput)
    leader = LeaderChoice(label=gettext_lazy("Leader"), queryset=None, empty_label=CHOOSE)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = local_today()
        self.fields["leader"].queryset = (
            User.objects.filter(is_active=True, groups__name=LEADER,
                                org_unit__in=units_for(user))
            .select_related("org_unit").order_by("org_unit__code", "username"))


@login_required
def reception_list(request):
    allowed = can_record_reception(request.user)
    form = ReceptionForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        if form.is_valid():
            try:
                reception = services.reception_create(actor=request.user, **form.cleaned_data)
            except ValidationError as e:
                apply_validation_error(form, e)
            else:
                messages.success(request, _("Reception day recorded."))
                return redirect("petitions:reception", pk=reception.pk)
    receptions = receptions_for(user=request.user).prefetch_related("petitions")[:200]
    return render(request, "petitions/reception_list.html", {
        "receptions": receptions, "form": form if allowed else None},
        status=400 if request.method == "POST" else 200)


@login_required
def reception_detail(request, pk):
    reception = reception_get_for(user=request.user, pk=pk)
    petitions = reception.petitions.select_related("org_unit").order_by("id")
    return render(request, "petitions/reception_detail.html", {
        "reception": reception, "petitions": petitions,
        "can_register": can_register(request.user)})

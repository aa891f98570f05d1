"""A petitioner's request for their own data (PIPL art. 45): the office looks
the person up by ID number and hands over everything held about them.

The ID number travels in a POST body, never in a URL; the export is audited
like every other (audit.middleware).
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import ADMIN, CITY_OFFICER, has_role
from core.crypto import keyed_hash
from core.excel import Column, xlsx_response
from core.forms import apply_validation_error
from petitions.idnumbers import normalize_id_number
from petitions.lookups import LookupKind, LookupReasonForm
from petitions.models import Petition, Petitioner
from petitions.services import person_lookup_record


class SubjectAccessForm(LookupReasonForm):
    id_number = forms.CharField(label=gettext_lazy("ID number"), max_length=18)
    case_number = forms.CharField(label=gettext_lazy("For the case (petition number)"),
                                  max_length=20)
    field_order = ["id_number", "case_number", "reason", "reason_note"]

    def clean_id_number(self):
        return normalize_id_number(self.cleaned_data["id_number"])


def can_export_subject_data(user) -> bool:
    return has_role(user, CITY_OFFICER, ADMIN)


def subject_rows(person: Petitioner):
    petitions = (Petition.objects.filter(links__petitioner=person)
                 .select_related("org_unit").order_by("received_on"))
    for p in petitions:
        yield (person.name, person.id_number, person.phone, person.address, p.number,
               p.received_on, p.org_unit.name, p.get_category_display(), p.title, p.content,
               p.get_status_display(), p.reply_opinion, p.closed_on)


@login_required
def petitioner_data(request):
    if not can_export_subject_data(request.user):
        raise PermissionDenied(_("Only the city office answers requests for personal data."))
    form = SubjectAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = Petitioner.objects.filter(id_hash=keyed_hash(data["id_number"])).first()
        petition = Petition.objects.filter(number=data["case_number"].strip().upper()).first()
        if person is None:
            form.add_error("id_number", _("No petitioner with this ID number is on record."))
        elif petition is None:
            form.add_error("case_number", _("No petition with this number."))
        else:
            try:
                # Who asked, why and for which case (issue 20, item 10).
                person_lookup_record(actor=request.user, kind=LookupKind.SUBJECT_ACCESS,
                                     reason=data["reason"], note=data["reason_note"],
                                     petition=petition, person=person, request=request)
            except ValidationError as exc:
                apply_validation_error(form, exc)
                return render(request, "petitions/petitioner_data.html", {"form": form})
            columns = [Column(_("Name"), 12), Column(_("ID number"), 22), Column(_("Phone"), 16),
                       Column(_("Address"), 24), Column(_("Number"), 16),
                       Column(_("Received on"), 12, "date"), Column(_("Unit"), 16),
                       Column(_("Category"), 14), Column(_("Title"), 30),
                       Column(_("Content"), 50), Column(_("Status"), 10),
                       Column(_("Reply"), 40), Column(_("Closed on"), 12, "date")]
            return xlsx_response(filename="petitioner-data.xlsx", columns=columns,
                                 rows=subject_rows(person), sheet_title=_("Personal data"),
                                 filters={_("Request"): _("Petitioner's own data")})
    return render(request, "petitions/petitioner_data.html", {"form": form})

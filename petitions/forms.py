"""Page forms: input validation only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.scoping import units_for
from core.dates import local_today
from core.widgets import CHOOSE, DateInput
from petitions.idnumbers import normalize_id_number
from petitions.models import Petition


class PetitionForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Petition.Channel.choices)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput)
    org_unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=None, empty_label=CHOOSE,
                                      to_field_name="code")
    category = forms.ChoiceField(label=_("Category"), choices=Petition.Category.choices)
    level = forms.ChoiceField(label=_("Level presented"), choices=Petition.Level.choices)
    headcount = forms.IntegerField(label=_("Headcount"), min_value=1, initial=1)
    title = forms.CharField(label=_("Title"), max_length=200)
    content = forms.CharField(label=_("Content (the request)"), max_length=20_000,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units_for(user)
        self.fields["received_on"].initial = today or local_today()
        if user.org_unit_id:
            self.fields["org_unit"].initial = user.org_unit.code


class PetitionerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    id_number = forms.CharField(label=_("ID number"), max_length=18, min_length=18, error_messages={
        "min_length": _("An ID number has 18 characters; this one has %(show_value)d."),
        "max_length": _("An ID number has 18 characters; this one has %(show_value)d.")})
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)

    def clean_id_number(self):
        return normalize_id_number(self.cleaned_data["id_number"])


class PetitionerEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)


class BasePetitionerFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_few_forms": _("Enter at least one petitioner."),
        "too_many_forms": _("At most %(num)d petitioners can be entered on one registration."),
    }


PetitionerFormSet = forms.formset_factory(PetitionerForm, formset=BasePetitionerFormSet, extra=0,
                                          min_num=1, validate_min=True, max_num=20,
                                          validate_max=True)


# ------------------------------------------------------------------ actions

def _on():
    return forms.DateField(label=_("Date"), widget=DateInput, initial=local_today)


def _text(label):
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 3}))


class AcceptForm(forms.Form):
    on = _on()


class DeclineForm(forms.Form):
    on = _on()
    reason = _text(_("Written reason"))


class ForwardForm(forms.Form):
    on = _on()
    agency = forms.CharField(label=_("Competent agency"), max_length=200)


class AssignForm(forms.Form):
    org_unit = forms.ModelChoiceField(label=_("Handling unit"), queryset=None, empty_label=CHOOSE,
                                      to_field_name="code")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units_for(user)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=30, initial=30)
    reason = _text(_("Reason told to the petitioner"))


class HearingForm(forms.Form):
    on = _on()
    days = forms.IntegerField(label=_("Hearing days"), min_value=1, max_value=60)


class ReplyForm(forms.Form):
    on = _on()
    opinion = _text(_("Written reply"))


class CloseForm(forms.Form):
    on = _on()
    satisfaction = forms.ChoiceField(label=_("Satisfaction"), required=False,
                                     choices=[("", _("Unknown"))] + Petition.Satisfaction.choices)


ACTION_FORMS = {
    "accept": (AcceptForm, _("Accept")),
    "decline": (DeclineForm, _("Decline")),
    "forward": (ForwardForm, _("Forward")),
    "assign": (AssignForm, _("Assign")),
    "extend": (ExtendForm, _("Extend")),
    "reply": (ReplyForm, _("Reply")),
    "request_review": (AcceptForm, _("Record review request")),
    "review_reply": (ReplyForm, _("Review reply")),
    "request_recheck": (AcceptForm, _("Record re-review request")),
    "recheck_reply": (ReplyForm, _("Re-review reply")),
    "record_hearing": (HearingForm, _("Record a hearing")),
    "close": (CloseForm, _("Close")),
}

# Which actions a status offers (api.md's action table).
STATUS_ACTIONS = {
    "registered": ["accept", "decline", "forward"],
    "accepted": ["assign", "extend", "reply"],
    "assigned": ["extend", "reply"],
    "replied": ["request_review", "close"],
    "under_review": ["review_reply"],
    "reviewed": ["request_recheck", "close"],
    "under_recheck": ["record_hearing", "recheck_reply"],
    "rechecked": ["close"],
}


def action_form(action, user, data=None):
    form_class, _label = ACTION_FORMS[action]
    kwargs = {"user": user} if form_class is AssignForm else {}
    return form_class(data, prefix=action, **kwargs)


class TrackForm(forms.Form):
    number = forms.CharField(label=_("Petition number"), max_length=20)
    query_code = forms.CharField(label=_("Query code (on your receipt)"), min_length=8,
                                 max_length=8)

    def clean_number(self):
        return self.cleaned_data["number"].strip().upper()

    def clean_query_code(self):
        return self.cleaned_data["query_code"].strip().upper()

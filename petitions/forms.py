"""Page forms: input validation only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from accounts.scoping import units_for
from core.dates import local_today
from core.widgets import CHOOSE, DateInput, UnitChoiceField
from petitions import deadlines as dl
from petitions.categories import category_choices
from petitions.idnumbers import normalize_id_number
from petitions.models import IdType, Petition


class PetitionForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Petition.Channel.choices)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput)
    org_unit = UnitChoiceField(label=_("Responsible unit"), queryset=None)
    # No default: the clerk chooses (a default silently skewed the statistics).
    category = forms.ChoiceField(label=_("Category"), choices=())
    level = forms.ChoiceField(label=_("Level presented"), choices=Petition.Level.choices)
    headcount = forms.IntegerField(label=_("Headcount"), min_value=1, initial=1)
    title = forms.CharField(label=_("Title"), max_length=200)
    content = forms.CharField(label=_("Content (the request)"), max_length=20_000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    late_entry = forms.BooleanField(label=_("Late entry (补录): received more than a year ago"),
                                    required=False)
    late_entry_reason = forms.CharField(label=_("Reason for the late entry"), required=False,
                                        max_length=2000,
                                        widget=forms.Textarea(attrs={"rows": 2}))
    # City level only (issue 20, item 7): the township whose matter it is is told.
    matter_unit = forms.ModelChoiceField(
        label=_("Township of the matter (registered at city level)"), required=False,
        queryset=OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP, is_active=True),
        to_field_name="code", empty_label=CHOOSE)
    # 上级交办 (issue 20): the upper office's reference and deadline for feedback.
    # Not required: a form posted without it (an older page, a script) is a local petition.
    source = forms.ChoiceField(label=_("Source"), choices=Petition.Source.choices,
                               initial=Petition.Source.LOCAL, required=False)
    upper_ref = forms.CharField(label=_("Upper-level reference"), max_length=60,
                                required=False)
    feedback_due = forms.DateField(label=_("Feedback due"), widget=DateInput, required=False)
    # Set from ?reception= when registering at a leader's reception day.
    reception = forms.ModelChoiceField(label=_("Reception day"), queryset=None,
                                       required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, today=None, reception=None, **kwargs):
        from petitions.selectors import receptions_for

        super().__init__(*args, **kwargs)
        if not (user.org_unit_id and user.org_unit.kind in (OrgUnit.Kind.CITY,
                                                             OrgUnit.Kind.DEPARTMENT)):
            del self.fields["matter_unit"]
        self.fields["category"].choices = [("", "---------"), *category_choices()]
        self.fields["org_unit"].queryset = units_for(user)
        self.fields["reception"].queryset = receptions_for(user=user)
        self.fields["received_on"].initial = today or local_today()
        if user.org_unit_id:
            self.fields["org_unit"].initial = user.org_unit.code
        if reception is not None:
            self.fields["reception"].initial = reception.pk
            self.fields["channel"].initial = Petition.Channel.LEADER_RECEPTION
            self.fields["received_on"].initial = reception.held_on
            self.fields["org_unit"].initial = reception.org_unit.code


    def clean_source(self):
        return self.cleaned_data.get("source") or Petition.Source.LOCAL


class PetitionerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    id_type = forms.ChoiceField(label=_("Document type"), choices=IdType.choices,
                                initial=IdType.RESIDENT_ID, required=False)
    # Empty for an anonymous letter or a call without an ID (issue 18).
    id_number = forms.CharField(label=_("ID number"), max_length=30, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)

    def clean_id_number(self):
        # The resident ID is checked here for a field error; other documents by the service.
        value = self.cleaned_data["id_number"].strip()
        if value and self.cleaned_data.get("id_type", IdType.RESIDENT_ID) in (
                "", IdType.RESIDENT_ID):
            return normalize_id_number(value)
        return value


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


class AcceptOverrideForm(AcceptForm):
    """The city office's accept: may override a three-level termination (new facts)."""

    override_reason = forms.CharField(
        label=_("New facts (to accept a matter closed after re-review)"), required=False,
        max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ApproveExtensionForm(forms.Form):
    pass


class RefuseExtensionForm(forms.Form):
    reason = _text(_("Reason for refusing"))


class DeclineForm(forms.Form):
    on = _on()
    reason = _text(_("Written reason"))


class ForwardForm(forms.Form):
    on = _on()
    agency = forms.CharField(label=_("Competent agency"), max_length=200)


class AssignForm(forms.Form):
    org_unit = UnitChoiceField(label=_("Handling unit"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units_for(user)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=dl.MAX_EXTENSION_DAYS,
                              initial=dl.MAX_EXTENSION_DAYS)
    reason = _text(_("Reason told to the petitioner"))


class HearingForm(forms.Form):
    on = _on()
    days = forms.IntegerField(label=_("Hearing days"), min_value=1,
                              max_value=dl.MAX_HEARING_DAYS)


class ReplyForm(forms.Form):
    on = _on()
    opinion = _text(_("Written reply"))


class FeedbackForm(forms.Form):
    on = _on()
    result = _text(_("Result reported to the upper office"))


class CloseForm(forms.Form):
    on = _on()
    satisfaction = forms.ChoiceField(label=_("Satisfaction"), required=False,
                                     choices=[("", _("Unknown"))] + Petition.Satisfaction.choices)


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Why this registration is voided"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


ACTION_FORMS = {
    "accept": (AcceptForm, _("Accept")),
    "decline": (DeclineForm, _("Decline")),
    "forward": (ForwardForm, _("Forward")),
    "assign": (AssignForm, _("Assign")),
    "extend": (ExtendForm, _("Extend")),
    "request_extension": (ExtendForm, _("Request an extension")),
    "approve_extension": (ApproveExtensionForm, _("Approve the extension")),
    "refuse_extension": (RefuseExtensionForm, _("Refuse the extension")),
    "reply": (ReplyForm, _("Reply")),
    "request_review": (AcceptForm, _("Record review request")),
    "review_reply": (ReplyForm, _("Review reply")),
    "request_recheck": (AcceptForm, _("Record re-review request")),
    "recheck_reply": (ReplyForm, _("Re-review reply")),
    "record_hearing": (HearingForm, _("Record a hearing")),
    "close": (CloseForm, _("Close")),
    "void": (VoidForm, _("Void the registration")),
    "feedback": (FeedbackForm, _("Feed the result back upward")),
}

def action_form(action, user, data=None):
    from petitions.permissions import can_override_termination

    form_class, _label = ACTION_FORMS[action]
    if action == "accept" and can_override_termination(user):
        form_class = AcceptOverrideForm
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

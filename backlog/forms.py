"""Input validation only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import OrgUnit, User
from backlog.models import Campaign, OutcomeDocument
from core.widgets import CHOOSE, DateInput, UnitChoiceField

DATE = DateInput()


class StyledForm(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class CampaignForm(StyledForm):
    name = forms.CharField(label=_("Campaign name"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    launched_by_meeting = forms.CharField(label=_("Launched by meeting"), max_length=200,
                                          required=False)
    meeting_on = forms.DateField(label=_("Meeting date"), widget=DATE, required=False)
    target_rate = forms.DecimalField(label=_("Target resolution rate (%)"), min_value=0,
                                     max_value=100, decimal_places=1, initial=90)


class LeaderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        unit = obj.org_unit.name if obj.org_unit_id else ""
        return f"{obj.display_name}（{unit}）"


class CaseForm(StyledForm):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.all(),
                                      empty_label=CHOOSE)
    title = forms.CharField(label=_("Title"), max_length=200)
    org_unit = UnitChoiceField(
        to_field_name=None,
        label=_("Responsible unit"),
        queryset=OrgUnit.objects.filter(is_active=True, kind__in=OrgUnit.REPORTING_KINDS))
    leader = LeaderChoiceField(
        empty_label=CHOOSE,
        label=_("Leader in charge"),
        queryset=User.objects.filter(is_active=True, groups__name=roles.LEADER)
        .select_related("org_unit").order_by("org_unit__code", "username"))
    due_on = forms.DateField(label=_("Resolution deadline"), widget=DATE)
    petition = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PlanForm(StyledForm):
    plan = forms.CharField(label=_("Resolution plan"), widget=forms.Textarea(attrs={"rows": 4}))


class ProgressForm(StyledForm):
    on = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))


class ResolveForm(StyledForm):
    on = forms.DateField(label=_("Resolved on"), widget=DATE)
    outcome_document = forms.ChoiceField(label=_("Outcome document"),
                                         choices=OutcomeDocument.choices,
                                         initial=OutcomeDocument.AGREEMENT)
    satisfaction_signed = forms.BooleanField(label=_("The petitioner signed it as satisfied"),
                                             required=False)
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}))


class ReopenForm(StyledForm):
    reason = forms.CharField(label=_("Reason for return"),
                             widget=forms.Textarea(attrs={"rows": 3}))


class EvidenceForm(StyledForm):
    file = forms.FileField(label=_("File"))


class ImportForm(StyledForm):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.all(),
                                      empty_label=CHOOSE)
    file = forms.FileField(label=_("Excel file (.xlsx)"))

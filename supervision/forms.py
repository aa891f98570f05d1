from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from core.widgets import DateInput, UnitChoiceField
from supervision.models import AssessmentScore, SupervisionOrder

DATE = DateInput()


class UnitChoice(UnitChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=OrgUnit.objects.filter(is_active=True).exclude(
            kind=OrgUnit.Kind.CITY), to_field_name="code", label=_("Unit"),
            **kwargs)


class OrderForm(forms.Form):
    target_type = forms.ChoiceField(label=_("Matter type"),
                                    choices=SupervisionOrder.TargetType.choices)
    # A record is found by its own number, XF-/JA-/MD-… (a datalist fed by supervision:targets).
    target_number = forms.CharField(label=_("Record number"), max_length=30, required=False,
                                    widget=forms.TextInput(attrs={
                                        "list": "target-numbers", "autocomplete": "off"}))
    # Older links may still name the record by id; the page never shows it.
    target_id = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    org_unit = UnitChoice()
    level = forms.ChoiceField(label=_("Level"), choices=SupervisionOrder.Level.choices)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)
    instructions = forms.CharField(label=_("Instructions"), widget=forms.Textarea(attrs={"rows": 4}))
    confirm = forms.BooleanField(label=_("Issue it anyway (closed record or another unit)"),
                                 required=False)
    confirm_reason = forms.CharField(label=_("Reason for issuing it anyway"), required=False,
                                     max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        # The reason counts only when the box is ticked: both say "I know".
        if not data.pop("confirm", False):
            data["confirm_reason"] = ""
        if data.get("target_number"):
            data["target_id"] = None
        return data


class RespondForm(forms.Form):
    note = forms.CharField(label=_("Response"), widget=forms.Textarea(attrs={"rows": 3}))


class EscalateForm(forms.Form):
    to = forms.ChoiceField(label=_("Escalate to"),
                           choices=SupervisionOrder.Escalation.choices[1:])
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class NoticeForm(forms.Form):
    org_unit = UnitChoice()
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Body"), widget=forms.Textarea(attrs={"rows": 6}))
    evidence_orders = forms.ModelMultipleChoiceField(
        label=_("Overdue orders as evidence"), required=False,
        queryset=SupervisionOrder.objects.filter(status=SupervisionOrder.Status.OPEN)
        .select_related("org_unit"))


class AccountabilityForm(forms.Form):
    org_unit = UnitChoice()
    person = forms.CharField(label=_("Person held accountable"), max_length=100)
    position = forms.CharField(label=_("Position"), max_length=100, required=False)
    rule = forms.CharField(label=_("Rule applied"), max_length=200)
    facts = forms.CharField(label=_("Facts"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    decision = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("Month"), min_value=1, max_value=12, required=False)
    quarter = forms.IntegerField(label=_("Quarter"), min_value=1, max_value=4, required=False)

    def period(self):
        data = self.cleaned_data
        if data.get("month"):
            return AssessmentScore.PeriodKind.MONTH, data["month"]
        if data.get("quarter"):
            return AssessmentScore.PeriodKind.QUARTER, data["quarter"]
        return AssessmentScore.PeriodKind.YEAR, 0

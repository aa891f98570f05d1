"""Input validation for the stability pages; the services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import LEADER
from accounts.scoping import units_for
from core.widgets import CHOOSE, DateInput, UnitChoiceField
from stability.models import Category, RiskLevel


class Styled:
    """Bootstrap classes on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault("class", "form-select" if select else "form-control")


def date_widget():
    return DateInput()


class MatterForm(Styled, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    org_unit = UnitChoiceField(label=_("Unit"), queryset=None, to_field_name=None)
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices)
    people_involved = forms.CharField(
        label=_("People involved"), max_length=300,
        help_text=_("Describe the parties, e.g. \"about 40 households of group 3\"."))
    people_count = forms.IntegerField(label=_("Number of people"), min_value=1, required=False)
    leader = forms.ModelChoiceField(label=_("Leader in charge"), queryset=None,
                                    empty_label=CHOOSE)
    plan = forms.CharField(label=_("Resolution plan"), widget=forms.Textarea(attrs={"rows": 4}),
                           required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = units_for(user)
        self.fields["org_unit"].queryset = units
        self.fields["leader"].queryset = (
            User.objects.filter(groups__name=LEADER, is_active=True,
                                org_unit__in=units.exclude(kind="village"))
            .select_related("org_unit").order_by("org_unit__path", "username"))
        self.fields["leader"].label_from_instance = (
            lambda u: f"{u.display_name} ({u.org_unit.name})")


class ContactForm(Styled, forms.Form):
    on = forms.DateField(label=_("Date"), widget=date_widget())
    summary = forms.CharField(label=_("What was discussed"),
                              widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.CharField(label=_("What was agreed"), widget=forms.Textarea(attrs={"rows": 2}))
    next_step = forms.CharField(label=_("Next step"), max_length=300, required=False)


class ResolveForm(Styled, forms.Form):
    on = forms.DateField(label=_("Resolved on"), widget=date_widget())
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}))


class PlanForm(Styled, forms.Form):
    plan = forms.CharField(label=_("Resolution plan"), widget=forms.Textarea(attrs={"rows": 4}))
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices)

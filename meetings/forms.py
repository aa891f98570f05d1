"""Page forms: input validation only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit, User
from accounts.roles import LEADER
from backlog.models import Campaign
from core.dates import local_today
from core.widgets import CHOOSE, DateInput
from meetings.models import MeetingItem
from supervision.models import SupervisionOrder


def _reporting_units():
    return OrgUnit.objects.filter(kind__in=OrgUnit.REPORTING_KINDS, is_active=True) \
        .order_by("code")


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput, initial=local_today)
    title = forms.CharField(label=_("Title"), max_length=200)
    number = forms.CharField(label=_("Session (e.g. 第三次会议)"), max_length=50, required=False)
    units = forms.ModelMultipleChoiceField(label=_("Attending units"), queryset=None,
                                           required=False, to_field_name="code",
                                           widget=forms.SelectMultiple(attrs={"size": 6}))
    campaign = forms.ModelChoiceField(label=_("Campaign deployed"), required=False,
                                      queryset=Campaign.objects.order_by("-year", "-id"))
    summary = forms.CharField(label=_("Summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = _reporting_units()


class ItemForm(forms.Form):
    target_type = forms.ChoiceField(label=_("Matter type"), required=False,
                                    choices=[("", _("Topic (no record)")),
                                             *MeetingItem.TargetType.choices])
    reference = forms.CharField(label=_("Number or title of the record"), required=False,
                                max_length=200)
    subject = forms.CharField(label=_("Matter studied"), required=False, max_length=200)
    decision = forms.CharField(label=_("Decision (requirement)"), max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 2}))
    lead_unit = UnitChoice(label=_("Lead unit"), queryset=None, empty_label=CHOOSE,
                           to_field_name="code")
    due_on = forms.DateField(label=_("Deadline"), widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = _reporting_units()

    def clean(self):
        from meetings.services import target_find

        data = super().clean()
        if data.get("target_type"):
            target = target_find(target_type=data["target_type"],
                                 reference=data.get("reference", ""))
            if target is None:
                self.add_error("reference", _("No record with this number or title."))
            data["target"] = target
        return data


ItemFormSet = forms.formset_factory(ItemForm, extra=3, min_num=1, validate_min=True,
                                    max_num=50, validate_max=True)


class MakeOrderForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=SupervisionOrder.Level.choices,
                              initial=SupervisionOrder.Level.KEY)


class LeaderChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class MakeCaseForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("Campaign"), empty_label=CHOOSE,
                                      queryset=Campaign.objects.order_by("-year", "-id"))
    leader = LeaderChoice(label=_("Leader in charge"), queryset=None, empty_label=CHOOSE)

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = User.objects.filter(
            is_active=True, groups__name=LEADER, org_unit=item.lead_unit).order_by("username")
        latest = Campaign.objects.filter(meetings=item.meeting_id).first() or \
            Campaign.objects.order_by("-year", "-id").first()
        self.fields["campaign"].initial = latest.pk if latest else None
        first = self.fields["leader"].queryset.first()
        self.fields["leader"].initial = first.pk if first else None

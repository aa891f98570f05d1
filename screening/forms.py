from django import forms
from django.utils.translation import gettext_lazy as _

from screening.models import ScreeningItem
from screening.services import ItemData


class ItemForm(forms.ModelForm):
    class Meta:
        model = ScreeningItem
        fields = ["category", "description", "parties", "people_involved", "risk_level",
                  "measures", "resolved"]
        widgets = {
            "category": forms.Select(attrs={"class": "form-select form-select-sm"}),
            "description": forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
            "parties": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            "people_involved": forms.NumberInput(attrs={"class": "form-control form-control-sm",
                                                        "min": 0, "style": "width:5rem"}),
            "risk_level": forms.Select(attrs={"class": "form-select form-select-sm"}),
            "measures": forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
            "resolved": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }

    def as_item(self) -> ItemData:
        data = self.cleaned_data
        return ItemData(**{name: data[name] for name in self.Meta.fields})


# Blank rows are skipped, so a clerk with two items leaves the other rows empty.
ItemFormSet = forms.formset_factory(ItemForm, extra=3, max_num=50, validate_max=True)


def items_from(formset) -> list[ItemData]:
    return [form.as_item() for form in formset.forms
            if form.has_changed() and form.cleaned_data]


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("What needs correcting"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))

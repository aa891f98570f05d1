"""Looking a person up (the rules: services.person_lookup_record and
petition_list_filter_check) needs a reason (issue 20, item 10).

A person's data is reached by their ID number in two places: the city's
subject-access export (信访人个人信息查询) and the petitioner history of a
case. Each look-up records who asked, why (a reason from a short list plus
text) and for which case, in the audit log (hash-chained, append-only).

The list filters 级别=进京 and 越级=是 serve statistics: the dashboard shows
them as counts; the filtered list is for the city roles only, and audited.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy


class LookupReason(models.TextChoices):
    OWN_REQUEST = "own_request", gettext_lazy("The petitioner asked for their own data")
    HANDLING = "handling", gettext_lazy("Handling this case")
    REVIEW = "review", gettext_lazy("Review or re-review of this case")
    CORRECTION = "correction", gettext_lazy("Correcting the petitioner's details")


class LookupKind(models.TextChoices):
    SUBJECT_ACCESS = "subject_access", gettext_lazy("A petitioner's own data")
    HISTORY = "history", gettext_lazy("Petitioner history")


class LookupReasonForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
            field.widget.attrs.setdefault("autocomplete", "off")

    reason = forms.ChoiceField(label=gettext_lazy("Reason for the look-up"),
                               choices=[("", "---------"), *LookupReason.choices])
    reason_note = forms.CharField(label=gettext_lazy("Details of the reason"), max_length=500,
                                  widget=forms.Textarea(attrs={"rows": 2}))


# The list filters that serve statistics only (domain.md: presenting a petition at a
# higher level counts against the unit, never against the petitioner).
STATISTICAL_FILTERS = {"level": {"national"}, "is_level_skipping": {"true", "True", "1", "yes"}}


def statistical_filters_used(params) -> dict[str, str]:
    return {name: params.get(name) for name, values in STATISTICAL_FILTERS.items()
            if params.get(name) in values}

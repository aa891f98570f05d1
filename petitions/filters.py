"""The petition list's filters (api.md, GET /api/v1/petitions/), for pages, API and export."""

from datetime import date

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scoping import units_matching
from core.dates import local_today
from core.widgets import DateInput, FastSelect, TriState, UnitPicker, unit_choices
from petitions.models import Petition
from petitions.search import petition_search


class PetitionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Petition.Status.choices, label=_("Status"))
    org_unit = django_filters.CharFilter(method="filter_org_unit", label=_("Unit"))
    # The unit answering for the current step (the dashboards' overdue chart links here).
    step_unit = django_filters.CharFilter(method="filter_step_unit",
                                          label=_("Unit responsible for the step"))
    category = django_filters.ChoiceFilter(choices=Petition.Category.choices, label=_("Category"))
    channel = django_filters.ChoiceFilter(choices=Petition.Channel.choices, label=_("Channel"))
    level = django_filters.ChoiceFilter(choices=Petition.Level.choices, label=_("Level"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"),
                                           widget=TriState)
    is_collective = django_filters.BooleanFilter(label=_("Collective"), widget=TriState)
    is_repeat = django_filters.BooleanFilter(label=_("Repeat"), widget=TriState)
    is_level_skipping = django_filters.BooleanFilter(label=_("Level-skipping"), widget=TriState)
    received_from = django_filters.DateFilter(field_name="received_on", lookup_expr="gte",
                                              label=_("Received from"), widget=DateInput)
    received_to = django_filters.DateFilter(field_name="received_on", lookup_expr="lte",
                                            label=_("Received to"), widget=DateInput)
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    # Voided registrations (作废) are left out unless asked for: voided=true shows only them.
    voided = django_filters.BooleanFilter(method="filter_voided", label=_("Voided"),
                                          widget=TriState)

    class Meta:
        model = Petition
        fields = []

    def __init__(self, *args, today: date | None = None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:  # pages: the unit picker over the user's units
            # The step's unit keeps its text box (names work there too): the
            # dashboards link to it, and a second tree would double the page.
            self.filters["org_unit"].extra["widget"] = UnitPicker(
                choices=unit_choices(units, empty=_("All units")))
        # "Overdue" is relative to a day the caller names (views and API pass theirs).
        self.today = today or local_today()

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            widget = field.widget
            if type(widget) is forms.Select:  # the choice filters: no template per option
                widget.__class__ = FastSelect
            is_select = hasattr(widget, "choices")
            widget.attrs.setdefault("class", "form-select form-select-sm" if is_select
                                    else "form-control form-control-sm")
        return form

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        if not data.get("voided") and data.get("status") != Petition.Status.VOIDED:
            queryset = queryset.exclude(status=Petition.Status.VOIDED)
        return super().filter_queryset(queryset)

    def filter_voided(self, queryset, name, value):
        return queryset.filter(status=Petition.Status.VOIDED) if value else queryset

    def filter_org_unit(self, queryset, name, value):
        # A code or a name ("城关镇"), with the units below it (issue 19, item 2).
        match = units_matching(value, "org_unit")
        return queryset.none() if match is None else queryset.filter(match)

    def filter_step_unit(self, queryset, name, value):
        match = units_matching(value, "responsible_unit")
        return queryset.none() if match is None else queryset.filter(match)

    def filter_overdue(self, queryset, name, value):
        late = Q(current_due__lt=self.today)
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_q(self, queryset, name, value):
        return petition_search(queryset, value)


def no_filter(params) -> bool:
    """Whether a list request filters nothing (paging and sorting aside): its count is
    then the scope's (selectors.petition_scope_count)."""
    return not any(params.get(name) for name in PetitionFilter.base_filters)

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scoping import units_matching
from core.widgets import TriState, UnitPicker, unit_choices
from stability.models import Category, RiskLevel, RiskMatter


class MatterFilter(django_filters.FilterSet):
    """The register's filters, shared by the page and the API (api.md style)."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=RiskMatter.Status.choices)
    org_unit = django_filters.CharFilter(label=_("Unit"), method="filter_unit")
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices)
    risk_level = django_filters.ChoiceFilter(label=_("Risk level"), choices=RiskLevel.choices)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=RiskMatter.Source.choices)
    open = django_filters.BooleanFilter(label=_("Open"), method="filter_open", widget=TriState)
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    number = django_filters.CharFilter(label=_("Number"), method="filter_number")

    class Meta:
        model = RiskMatter
        fields = ["status", "org_unit", "category", "risk_level", "source"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:  # pages: the unit picker over the user's units (issue 19)
            self.filters["org_unit"].extra["widget"] = UnitPicker(
                choices=unit_choices(units, empty=_("All units")))

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if select else "form-control form-control-sm")
        return form

    def filter_unit(self, queryset, name, value):
        # A unit includes the units below it (api.md, petitions' org_unit filter).
        match = units_matching(value, "org_unit")  # a code or a name (issue 19)
        return queryset.none() if match is None else queryset.filter(match)

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        lookup = Q(status__in=RiskMatter.OPEN_STATUSES)
        return queryset.filter(lookup if value else ~lookup)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(number__icontains=value) | Q(title__icontains=value)
                               | Q(people_involved__icontains=value)
                               | Q(plan__icontains=value))

    def filter_number(self, queryset, name, value):
        # A fragment of the matter's own number: "MD-2026-0000", "000012".
        value = value.strip().upper()
        return queryset.filter(number__icontains=value) if value else queryset

"""The petition ledger (台账) in Excel, with the list's filters (api.md, Excel exports)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import is_city_role
from core.exports import Column, ListExporter, form_details, register
from petitions.categories import category_names
from petitions.filters import PetitionFilter
from petitions.lookups import statistical_filters_used
from petitions.models import Petition
from petitions.selectors import petition_scope


def petition_export_rows(qs):
    # Labels resolved to text once per export, not one gettext per cell.
    labels = {name: {k: str(v) for k, v in getattr(Petition, cls).choices} for name, cls in (
        ("channel", "Channel"), ("level", "Level"),
        ("status", "Status"), ("satisfaction", "Satisfaction"))}
    labels["category"] = category_names()  # the admin's names (petitions.categories)
    rows = qs.values_list(
        "number", "received_on", "channel", "org_unit__name", "handling_unit__name", "category",
        "title", "headcount", "level", "is_collective", "is_level_skipping", "is_repeat",
        "status", "acceptance_due", "handling_due", "extended_days", "current_due",
        "replied_on", "closed_on", "satisfaction", "late_entry")
    yes, no = str(_("Yes")), str(_("No"))
    for r in rows.iterator(chunk_size=2000):
        r = list(r)
        for i, key in ((2, "channel"), (5, "category"), (8, "level"), (12, "status"),
                       (19, "satisfaction")):
            r[i] = labels[key].get(r[i], r[i] or "")
        for i in (9, 10, 11, 20):
            r[i] = yes if r[i] else no
        yield r


@register
class PetitionExporter(ListExporter):
    # Personal data never goes into the ledger: no names, no ID numbers.
    name = "petitions"
    title = gettext_lazy("Petition ledger")
    columns = [
        Column(gettext_lazy("Number"), 16), Column(gettext_lazy("Received on"), 12, "date"),
        Column(gettext_lazy("Channel"), 8), Column(gettext_lazy("Responsible unit"), 18),
        Column(gettext_lazy("Handling unit"), 18), Column(gettext_lazy("Category"), 16),
        Column(gettext_lazy("Title"), 36), Column(gettext_lazy("Headcount"), 8, "int"),
        Column(gettext_lazy("Level"), 8), Column(gettext_lazy("Collective"), 8),
        Column(gettext_lazy("Level-skipping"), 8), Column(gettext_lazy("Repeat"), 8),
        Column(gettext_lazy("Status"), 10), Column(gettext_lazy("Acceptance due"), 12, "date"),
        Column(gettext_lazy("Handling due"), 12, "date"),
        Column(gettext_lazy("Extended days"), 8, "int"),
        Column(gettext_lazy("Current due"), 12, "date"),
        Column(gettext_lazy("Replied on"), 12, "date"),
        Column(gettext_lazy("Closed on"), 12, "date"), Column(gettext_lazy("Satisfaction"), 10),
        Column(gettext_lazy("Late entry"), 8),
    ]

    def filterset(self) -> PetitionFilter:
        if statistical_filters_used(self.params) and not is_city_role(self.user):
            # The 进京 / 越级 list is the city's (issue 20, item 10); the export of it is
            # audited like every export.
            raise PermissionDenied(_("The level-skipping and Beijing lists are for the city "
                                     "office; the dashboard shows their counts."))
        qs = petition_scope(Petition.objects.all(), self.user).order_by("-received_on", "-id")
        return PetitionFilter(self.params, queryset=qs)

    def queryset(self):
        flt = self.filterset()
        return flt.qs if flt.is_valid() else flt.queryset.none()

    def rows(self):
        return petition_export_rows(self._records)

    def details(self) -> dict[str, str]:
        return form_details(self.filterset().form, self.params)


@register
class UpperFeedbackExporter(ListExporter):
    """Cases from above and their feedback to the upper office (issue 20); no personal data."""

    name = "upper-feedback"
    title = gettext_lazy("Cases from above")
    columns = [
        Column(gettext_lazy("Number"), 16), Column(gettext_lazy("Upper-level reference"), 18),
        Column(gettext_lazy("Received on"), 12, "date"), Column(gettext_lazy("Handling unit"), 18),
        Column(gettext_lazy("Title"), 36), Column(gettext_lazy("Status"), 10),
        Column(gettext_lazy("Feedback due"), 12, "date"),
        Column(gettext_lazy("Fed back on"), 12, "date"), Column(gettext_lazy("Late"), 8),
    ]

    def _state(self) -> str:
        from petitions.selectors import UPPER_STATES

        state = self.params.get("state") or "open"
        return state if state in dict(UPPER_STATES) else "open"

    def queryset(self):
        from petitions.selectors import upper_cases_for

        return upper_cases_for(user=self.user, state=self._state(), today=self.today)

    def rows(self):
        statuses = {k: str(v) for k, v in Petition.Status.choices}
        yes, no = str(_("Yes")), str(_("No"))
        # iterator() skips with_units(): the two units come joined instead.
        for p in self._records.select_related("org_unit", "handling_unit").iterator(
                chunk_size=2000):
            unit = p.handling_unit or p.org_unit
            late = (p.feedback_on or self.today) > p.feedback_due if p.feedback_due else False
            yield [p.number, p.upper_ref, p.received_on, unit.name, p.title,
                   statuses.get(p.status, p.status), p.feedback_due, p.feedback_on,
                   yes if late else no]

    def details(self) -> dict[str, str]:
        from petitions.selectors import UPPER_STATES

        return {str(_("Feedback")): str(dict(UPPER_STATES)[self._state()])}

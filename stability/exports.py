"""The risk-matter register in Excel, with the page's filters (api.md, Excel exports)."""

from django.utils.translation import gettext_lazy as _

from core.exports import Column, ListExporter, form_details, register
from stability.models import Category, RiskLevel, RiskMatter
from stability.selectors import matter_list_for


def matter_rows(queryset):
    """One tuple per matter, labels translated once rather than per row. The first
    column is the matter's own number (MD-2026-000012), never the database id."""
    labels = {**dict(Category.choices), **dict(RiskLevel.choices),
              **dict(RiskMatter.Status.choices), **dict(RiskMatter.Source.choices)}
    labels = {k: str(v) for k, v in labels.items()}
    fields = ("number", "title", "org_unit__name", "category", "risk_level", "status",
              "leader__full_name", "leader__username", "people_involved", "people_count",
              "source", "opened_on", "contact_count", "last_contact_on", "resolved_on",
              "outcome")
    rows = queryset.values_list(*fields).iterator(chunk_size=2000)
    for row in rows:
        (number, title, unit, category, risk, status, leader_name, leader_username, people,
         count, source, opened, contacts, last_contact, resolved, outcome) = row
        yield (number, title, unit, labels[category], labels[risk], labels[status],
               leader_name or leader_username, people, count, labels[source], opened,
               contacts, last_contact, resolved, outcome)


@register
class MatterExporter(ListExporter):
    name = "stability"
    title = _("Stability risk matters")
    # "序号" as before, now holding the matter's own number.
    columns = [Column(_("No."), 16), Column(_("Title"), 36), Column(_("Unit"), 18),
               Column(_("Category"), 16), Column(_("Risk level"), 10), Column(_("Status"), 10),
               Column(_("Leader in charge"), 16), Column(_("People involved"), 28),
               Column(_("Number of people"), 10, "int"), Column(_("Source"), 12),
               Column(_("Opened on"), 12, "date"), Column(_("Contacts"), 10, "int"),
               Column(_("Last contact"), 12, "date"), Column(_("Resolved on"), 12, "date"),
               Column(_("Outcome"), 40)]

    def queryset(self):
        return matter_list_for(user=self.user, filters=self.params)[1]

    def rows(self):
        return matter_rows(self._records)

    def details(self) -> dict[str, str]:
        filterset, _matters = matter_list_for(user=self.user, filters=self.params)
        return form_details(filterset.form, self.params)

"""The register as rows for the one Excel writer (core/excel.py)."""

from django.utils.translation import gettext as _

from core.excel import Column
from stability.models import Category, RiskLevel, RiskMatter


def matter_columns() -> list[Column]:
    return [Column(_("No."), 8, "int"), Column(_("Title"), 36), Column(_("Unit"), 18),
            Column(_("Category"), 16), Column(_("Risk level"), 10), Column(_("Status"), 10),
            Column(_("Leader in charge"), 16), Column(_("People involved"), 28),
            Column(_("Number of people"), 10, "int"), Column(_("Source"), 12),
            Column(_("Opened on"), 12, "date"), Column(_("Contacts"), 10, "int"),
            Column(_("Last contact"), 12, "date"), Column(_("Resolved on"), 12, "date"),
            Column(_("Outcome"), 40)]


def matter_rows(queryset):
    """One tuple per matter, labels translated once rather than per row."""
    labels = {**dict(Category.choices), **dict(RiskLevel.choices),
              **dict(RiskMatter.Status.choices), **dict(RiskMatter.Source.choices)}
    fields = ("pk", "title", "org_unit__name", "category", "risk_level", "status",
              "leader__full_name", "leader__username", "people_involved", "people_count",
              "source", "opened_on", "contact_count", "last_contact_on", "resolved_on",
              "outcome")
    for row in queryset.values_list(*fields).iterator(chunk_size=2000):
        (pk, title, unit, category, risk, status, leader_name, leader_username, people,
         count, source, opened, contacts, last_contact, resolved, outcome) = row
        yield (pk, title, unit, str(labels[category]), str(labels[risk]), str(labels[status]),
               leader_name or leader_username, people, count, str(labels[source]), opened,
               contacts, last_contact, resolved, outcome)

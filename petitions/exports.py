"""The petition ledger (台账) in Excel, with the list's filters (api.md, Excel exports)."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _

from core.excel import Column
from dashboards.exports import ExportSpec, register, respond
from petitions.categories import category_names
from petitions.filters import PetitionFilter
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
        r[4] = r[4] or ""
        yield r


@register("petitions")
def petition_export_spec(user, params) -> ExportSpec:
    # Personal data never goes into the ledger: no names, no ID numbers.
    qs = petition_scope(Petition.objects.all(), user).order_by("-received_on", "-id")
    flt = PetitionFilter(params, queryset=qs)
    qs = flt.qs if flt.is_valid() else qs.none()
    columns = [
        Column(_("Number"), 16), Column(_("Received on"), 12, "date"), Column(_("Channel"), 8),
        Column(_("Responsible unit"), 18), Column(_("Handling unit"), 18),
        Column(_("Category"), 16), Column(_("Title"), 36), Column(_("Headcount"), 8, "int"),
        Column(_("Level"), 8), Column(_("Collective"), 8), Column(_("Level-skipping"), 8),
        Column(_("Repeat"), 8), Column(_("Status"), 10), Column(_("Acceptance due"), 12, "date"),
        Column(_("Handling due"), 12, "date"), Column(_("Extended days"), 8, "int"),
        Column(_("Current due"), 12, "date"), Column(_("Replied on"), 12, "date"),
        Column(_("Closed on"), 12, "date"), Column(_("Satisfaction"), 10),
        Column(_("Late entry"), 8),
    ]
    filters = {k: v for k, v in params.items() if v and k != "page"}
    return ExportSpec(filename="petitions.xlsx", columns=columns,
                      rows=petition_export_rows(qs), filters=filters,
                      sheet_title=_("Petition ledger"), queryset=qs)


@login_required
def petition_export(request):
    """Streamed directly, or queued as a task past EXPORT_ASYNC_THRESHOLD rows."""
    return respond(request, "petitions", petition_export_spec(request.user, request.GET))

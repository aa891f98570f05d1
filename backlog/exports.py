"""The backlog ledger (积案台账) in Excel, with the list's filters (api.md, Excel exports)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import is_city_role
from backlog.models import BacklogCase, Campaign, OutcomeDocument
from backlog.selectors import case_filters_from, case_list_for
from core.exports import Column, ListExporter, register


@register
class BacklogExporter(ListExporter):
    name = "backlog"
    title = gettext_lazy("Backlog ledger")
    # The first column is the case's own number (JA-2026-000012), never the database id.
    columns = [
        Column(gettext_lazy("Number"), 16), Column(gettext_lazy("Campaign"), 24),
        Column(gettext_lazy("Petition number"), 18), Column(gettext_lazy("Title"), 40),
        Column(gettext_lazy("Unit code"), 12), Column(gettext_lazy("Responsible unit"), 20),
        Column(gettext_lazy("Leader in charge"), 16), Column(gettext_lazy("Status"), 10),
        Column(gettext_lazy("Assigned on"), 12, "date"),
        Column(gettext_lazy("Resolution deadline"), 12, "date"),
        Column(gettext_lazy("Resolved on"), 12, "date"),
        Column(gettext_lazy("Struck off on"), 12, "date"),
        Column(gettext_lazy("Resolution plan"), 40),
        Column(gettext_lazy("Outcome document"), 14),
        Column(gettext_lazy("Petitioner signed as satisfied"), 10),
        Column(gettext_lazy("Outcome"), 40),
    ]

    def queryset(self):
        filters = case_filters_from(self.params)
        return case_list_for(user=self.user, filters=filters).order_by("number")

    def rows(self):
        status = {k: str(v) for k, v in BacklogCase.Status.choices}
        document = {k: str(v) for k, v in OutcomeDocument.choices}
        yes = _("Yes")
        for c in self._records.iterator(chunk_size=2000):
            yield (c.number, c.campaign.name, c.petition.number if c.petition_id else "", c.title,
                   c.org_unit.code, c.org_unit.name, c.leader.display_name,
                   status.get(c.status, c.status), c.assigned_on, c.due_on, c.resolved_on,
                   c.verified_on, c.plan, document.get(c.outcome_document, ""),
                   yes if c.satisfaction_signed else "", c.outcome)

    def details(self) -> dict[str, str]:
        filters = case_filters_from(self.params)
        shown = {}
        if filters["campaign"]:
            campaign = Campaign.objects.filter(pk=filters["campaign"]).first()
            shown[_("Campaign")] = campaign.name if campaign else filters["campaign"]
        if filters["status"]:
            shown[_("Status")] = dict(BacklogCase.Status.choices).get(filters["status"],
                                                                      filters["status"])
        if filters["org_unit"]:
            shown[_("Responsible unit")] = filters["org_unit"]
        if filters["q"]:
            shown[_("Title or number contains")] = filters["q"]
        if filters.get("number"):
            shown[_("Number")] = filters["number"]
        if filters.get("overdue"):
            shown[_("Overdue")] = _("Yes")
        if not is_city_role(self.user):
            shown[_("Scope")] = self.user.org_unit.name if self.user.org_unit else ""
        return shown

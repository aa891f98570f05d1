"""Excel exports: the supervision orders and the assessment table (api.md)."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alerts.models import Alert
from core.exports import Column, ListExporter, register
from supervision import selectors
from supervision.forms import PeriodForm
from supervision.models import AssessmentRule, SupervisionOrder
from supervision.references import reference_texts

ORDER_FILTERS = ("status", "level", "org_unit", "target_type", "view")


@register
class OrderExporter(ListExporter):
    name = "supervision"
    title = gettext_lazy("Supervision orders")
    columns = [Column(gettext_lazy("Number"), 16), Column(gettext_lazy("Unit"), 20),
               Column(gettext_lazy("Matter type"), 12), Column(gettext_lazy("Matter"), 40),
               Column(gettext_lazy("Level"), 10), Column(gettext_lazy("Issued on"), 12, "date"),
               Column(gettext_lazy("Due on"), 12, "date"), Column(gettext_lazy("Status"), 10),
               Column(gettext_lazy("Days overdue"), 10, "int"),
               Column(gettext_lazy("Escalation"), 16),
               Column(gettext_lazy("Escalated on"), 12, "date"),
               Column(gettext_lazy("Responded on"), 12, "date"),
               Column(gettext_lazy("Closed on"), 12, "date"),
               Column(gettext_lazy("Instructions"), 40)]

    def filters(self) -> dict:
        return {k: self.params[k] for k in ORDER_FILTERS if self.params.get(k)}

    def queryset(self):
        return (selectors.order_list_for(user=self.user, filters=self.filters(), today=self.today)
                .select_related("petition"))

    def rows(self):
        # Choice labels are lazy: translate them once, not per row.
        status, level, escalation, target = (
            {value: str(label) for value, label in choices.choices}
            for choices in (SupervisionOrder.Status, SupervisionOrder.Level,
                            SupervisionOrder.Escalation, SupervisionOrder.TargetType))
        for o in self._records.iterator(chunk_size=2000):
            # Every target is named by its own number (XF-…, JA-…, MD-…) and title.
            matter = f"{o.target_no or ''} {o.target_label}".strip() or target[o.target_type]
            yield (o.number, o.org_unit.name, target[o.target_type], matter, level[o.level],
                   o.issued_on, o.due_on, status[o.status], o.days_overdue(self.today),
                   escalation[o.escalation], o.escalated_on, o.responded_on, o.closed_on,
                   o.instructions)

    def details(self) -> dict[str, str]:
        words = {"status": (_("Status"), SupervisionOrder.Status),
                 "level": (_("Level"), SupervisionOrder.Level),
                 "target_type": (_("Matter type"), SupervisionOrder.TargetType)}
        views = {"overdue": _("Overdue"), "due_soon": _("Due soon")}
        shown = {}
        for key, value in self.filters().items():
            if key in words:
                label, choices = words[key]
                shown[label] = str(dict(choices.choices).get(value, value))
            elif key == "org_unit":
                shown[_("Unit code")] = value
            elif key == "view":
                shown[_("View")] = str(views.get(value, value))
        return shown


@register
class AssessmentExporter(ListExporter):
    name = "assessment"
    title = gettext_lazy("Assessment")
    columns = [Column(gettext_lazy("Rank"), 8, "int"), Column(gettext_lazy("Unit code"), 10),
               Column(gettext_lazy("Unit"), 24), Column(gettext_lazy("Score"), 10, "float"),
               Column(gettext_lazy("Deductions"), 10, "int"),
               Column(gettext_lazy("Points deducted"), 12, "float"),
               Column(gettext_lazy("Details"), 80)]

    def form(self) -> PeriodForm:
        form = PeriodForm(self.params)
        if not form.is_valid():
            raise Http404
        return form

    def rows(self):
        form = self.form()
        kind, period = form.period()
        scores = list(selectors.ranking_for(user=self.user, year=form.cleaned_data["year"],
                                            period_kind=kind, period=period))
        every = [d for s in scores for d in s.deductions]
        records = reference_texts(d["ref"] for d in every)
        rules = dict(AssessmentRule.objects.values_list("code", "label"))
        kinds = {k: str(v) for k, v in Alert.Kind.choices}
        targets = {k: str(v) for k, v in Alert.TargetType.choices}
        for s in scores:
            lost = sum(float(d["points"]) for d in s.deductions)
            detail = "；".join(_("%(rule)s (%(points)s points): %(record)s") % {
                "rule": d.get("rule_label") or rules.get(d["rule"]) or kinds.get(d["rule"], d["rule"]),
                "points": f"{float(d['points']):g}",
                "record": records.get(d["ref"]) or d.get("label")
                or targets.get(d["ref"].partition(":")[0], _("a deleted record")),
            } for d in s.deductions)
            yield (s.rank, s.org_unit.code, s.org_unit.name, float(s.score), len(s.deductions),
                   lost, detail)

    def details(self) -> dict[str, str]:
        form = self.form()
        return {str(form.fields[k].label): form.cleaned_data[k]
                for k in ("year", "month", "quarter") if form.cleaned_data.get(k)}

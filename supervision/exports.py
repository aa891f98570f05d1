"""Excel exports: the supervision summary and the assessment table (api.md)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.translation import gettext as _

from core.dates import local_today
from core.excel import Column, xlsx_response
from supervision import selectors
from supervision.api import AssessmentQuery, period_from
from supervision.models import SupervisionOrder

ORDER_FILTERS = ("status", "level", "org_unit", "target_type", "view")


@login_required
def orders_xlsx(request):
    today = local_today()
    filters = {k: request.GET[k] for k in ORDER_FILTERS if request.GET.get(k)}
    orders = selectors.order_list_for(user=request.user, filters=filters, today=today)
    # Choice labels are lazy: translate them once, not per row.
    status, level, escalation, target = (
        {value: str(label) for value, label in choices.choices}
        for choices in (SupervisionOrder.Status, SupervisionOrder.Level,
                        SupervisionOrder.Escalation, SupervisionOrder.TargetType))
    columns = [Column(_("Number"), 16), Column(_("Unit"), 20), Column(_("Matter type"), 12),
               Column(_("Matter"), 30), Column(_("Level"), 10), Column(_("Issued on"), 12, "date"),
               Column(_("Due on"), 12, "date"), Column(_("Status"), 10),
               Column(_("Days overdue"), 10, "int"), Column(_("Escalation"), 16),
               Column(_("Escalated on"), 12, "date"), Column(_("Responded on"), 12, "date"),
               Column(_("Closed on"), 12, "date"), Column(_("Instructions"), 40)]

    def rows():
        for o in orders.iterator(chunk_size=2000):
            yield (o.number, o.org_unit.name, target[o.target_type],
                   o.target_label or f"#{o.target_id}", level[o.level], o.issued_on, o.due_on,
                   status[o.status], o.days_overdue(today), escalation[o.escalation],
                   o.escalated_on, o.responded_on, o.closed_on, o.instructions)

    return xlsx_response(filename="supervision.xlsx", columns=columns, rows=rows(),
                         filters=filters, sheet_title=_("Supervision orders"))


@login_required
def assessment_xlsx(request):
    query = AssessmentQuery(data=request.GET)
    if not query.is_valid():
        raise Http404
    kind, period = period_from(query.validated_data)
    scores = selectors.ranking_for(user=request.user, year=query.validated_data["year"],
                                   period_kind=kind, period=period)
    columns = [Column(_("Rank"), 8, "int"), Column(_("Unit code"), 10), Column(_("Unit"), 24),
               Column(_("Score"), 10, "float"), Column(_("Deductions"), 10, "int"),
               Column(_("Points deducted"), 12, "float"), Column(_("Details"), 60)]

    def rows():
        for s in scores:
            lost = sum(d["points"] for d in s.deductions)
            # The rule's words and the record's own number, never codes or ids.
            detail = "; ".join(f"{d.get('rule_label') or d['rule']} {d['points']:g} "
                               f"{d.get('label') or d['ref']}" for d in s.deductions)
            yield (s.rank, s.org_unit.code, s.org_unit.name, float(s.score), len(s.deductions),
                   float(lost), detail)

    filters = {k: v for k, v in request.GET.items() if k in ("year", "month", "quarter")}
    return xlsx_response(filename="assessment.xlsx", columns=columns, rows=rows(),
                         filters=filters, sheet_title=_("Assessment"))

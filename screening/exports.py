"""The year's completeness grid as Excel: one row per unit, one column per month."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import Column, ListExporter, register
from screening.selectors import LATE, MISSING, NONE, ON_TIME, PENDING, RETURNED, ZERO, year_grid_for


def state_labels() -> dict:
    return {ON_TIME: _("On time"), LATE: _("Late"), ZERO: _("Zero report"),
            MISSING: _("Missing"), RETURNED: _("Returned"), PENDING: _("Not yet due"), NONE: ""}


def completeness_rows(grid: dict):
    labels = state_labels()
    for row in grid["rows"]:
        yield [row["unit"].code, row["unit"].name,
               *[labels[cell["state"]] for cell in row["cells"]],
               row["filed"], row["on_time"], row["reporting_rate"], row["on_time_rate"]]
    # The summary row: per month, how many units filed.
    per_month = []
    for index in range(12):
        states = [row["cells"][index]["state"] for row in grid["rows"]]
        filed = sum(s in (ON_TIME, LATE, ZERO, RETURNED) for s in states)
        per_month.append(f"{filed}/{len(states)}" if grid["periods"].get(index + 1) else "")
    yield ["", _("All units"), *per_month,
           sum(r["filed"] for r in grid["rows"]), sum(r["on_time"] for r in grid["rows"]),
           grid["reporting_rate"], grid["on_time_rate"]]


@register
class CompletenessExporter(ListExporter):
    """A summary table of one row a unit: small, so never queued (no queryset)."""

    name = "screening-completeness"
    title = gettext_lazy("Screening completeness")

    def year(self) -> int:
        # As the grid page: a missing or malformed year is this year.
        value = str(self.params.get("year") or "")
        return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else self.today.year

    def get_columns(self):
        return [Column(_("Code"), width=8), Column(_("Unit"), width=24),
                *[Column(_("Month %(m)d") % {"m": m}, width=9) for m in range(1, 13)],
                Column(_("Filed"), width=8, kind="int"),
                Column(_("On time"), width=8, kind="int"),
                Column(_("Reporting rate %"), width=10, kind="float"),
                Column(_("On-time rate %"), width=10, kind="float")]

    def rows(self):
        return completeness_rows(year_grid_for(user=self.user, year=self.year(),
                                               today=self.today))

    def details(self) -> dict:
        return {_("Year"): self.year()}

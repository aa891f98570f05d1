"""The dashboard's long repeated markup, built in Python (issue 21: the page renders in
well under its 60 ms budget): the unit picker's options (every unit in scope, 440 for
the city), the charts' table views and the screening grid's cells. The same markup the
template loops gave, each text escaped
(the standard library's html.escape: Django's escape is the same, with a lazy-string
wrapper that cost more than the markup here)."""

from html import escape

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def unit_options(units, selected: str) -> SafeString:
    return mark_safe("".join(
        f'<option value="{escape(str(u.code))}"{" selected" if u.code == selected else ""}>'
        f"{escape(str(u.code))} {escape(str(u.name))}</option>" for u in units))


def _number(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    return escape(str(localize(value)))


@register.simple_tag
def chart_rows(chart: dict, empty: str) -> SafeString:
    if not chart["rows"]:
        return mark_safe(f'<tr><td class="text-body-secondary" colspan="3">{escape(str(empty))}</td></tr>')
    out = []
    for row in chart["rows"]:
        cells = "".join(f'<td class="text-end">{_number(v)}</td>' for v in row["values"])
        out.append(f'<tr><th scope="row"><a href="{escape(row["link"])}">{escape(str(row["label"]))}'
                   f"</a></th>{cells}</tr>")
    return mark_safe("".join(out))


@register.simple_tag
def screening_cells(row: dict) -> SafeString:
    return mark_safe("".join(
        f'<td class="grid-cell cell-{escape(c["state"])}" title="{escape(c["label"])}">'
        f'<span class="visually-hidden">{escape(c["label"])}</span></td>' for c in row["cells"]))


@register.simple_tag
def step_items(petitions, style: str = "") -> SafeString:
    """The to-do's petition lines: number (linked), title, due date (`style` "overdue"
    marks it red; "optional" leaves it out when unset)."""
    base = reverse("petitions:detail", args=[0])[:-2]  # ".../0/" -> ".../"
    out = []
    for p in petitions:
        due = p.current_due.isoformat() if p.current_due else ""
        if style == "overdue":
            tail = f' · <span class="text-danger">{due}</span>'
        elif style == "optional":
            tail = f" · {due}" if due else ""
        else:
            tail = f" · {due}"
        out.append(f'<li><a href="{base}{p.pk}/">{escape(str(p.number))}</a> '
                   f"{escape(str(p.title))}{tail}</li>")
    return mark_safe("".join(out))

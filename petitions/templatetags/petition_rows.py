"""`{% petition_rows page assign_form today soon %}`: the petition list's table rows,
built in Python (issue 21): the same markup the template loop wrote, each text
escaped, without some 1,200 template nodes a page (a third of the list's time)."""

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _cell(label: str, content: str) -> str:
    return f'<td data-label="{label}">{content}</td>'


@register.simple_tag
def petition_rows(page, assign_form, today, soon) -> SafeString:
    labels = {key: escape(str(text)) for key, text in (
        ("number", _("Number")), ("received", _("Received on")),
        ("unit", _("Responsible unit")), ("category", _("Category")), ("title", _("Title")),
        ("status", _("Status")), ("due", _("Due")))}
    words = {key: escape(str(text)) for key, text in (
        ("overdue", _("overdue")), ("soon", _("due soon")), ("collective", _("Collective")),
        ("late", _("Late entry")), ("skipping", _("Level-skipping")), ("repeat", _("Repeat")),
        ("terminated", _("Three-level termination")))}
    out = []
    for p in page:
        row = ["<tr>"]
        if assign_form:
            box = ""
            if p.status == "accepted":
                box = (f'<input class="form-check-input" type="checkbox" name="ids" '
                       f'value="{p.pk}" form="bulk-assign" aria-label="'
                       f'{escape(_("Select %(n)s") % {"n": p.number})}">')
            row.append(f"<td>{box}</td>")
        url = escape(reverse("petitions:detail", args=[p.pk]))
        row.append(_cell(labels["number"], f'<a href="{url}">{escape(p.number)}</a>'))
        row.append(_cell(labels["received"], p.received_on.isoformat() if p.received_on else ""))
        unit = escape(p.org_unit.name)
        if p.handling_unit:
            unit += (f'<br><span class="small text-body-secondary">→ '
                     f"{escape(p.handling_unit.name)}</span>")
        row.append(_cell(labels["unit"], unit))
        row.append(_cell(labels["category"], escape(str(p.get_category_display()))))
        row.append(_cell(labels["title"], escape(p.title)))
        row.append(_cell(labels["status"], escape(str(p.get_status_display()))))
        due = ""
        if p.current_due:
            day = p.current_due.isoformat()
            if p.current_due < today:
                due = (f'<span class="status-overdue" data-testid="overdue">{day} '
                       f'{words["overdue"]}</span>')
            elif p.current_due <= soon:
                due = f'<span class="status-due-soon">{day} {words["soon"]}</span>'
            else:
                due = day
        row.append(_cell(labels["due"], due))
        badges = []
        if p.is_collective:
            badges.append(f'<span class="badge text-bg-warning">{words["collective"]}</span>')
        if p.late_entry:
            badges.append(f'<span class="badge text-bg-info" data-testid="late-entry">'
                          f'{words["late"]}</span>')
        if p.is_level_skipping:
            badges.append(f'<span class="badge text-bg-danger">{words["skipping"]}</span>')
        if p.is_repeat:
            badges.append(f'<span class="badge text-bg-secondary">{words["repeat"]}</span>')
        if p.not_acceptable_again:
            badges.append(f'<span class="badge text-bg-dark">{words["terminated"]}</span>')
        row.append(f"<td>{' '.join(badges)}</td></tr>")
        out.append("".join(row))
    return mark_safe("\n".join(out))

"""Sortable column headers and the "back to list" link (core.listing)."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.listing import list_url

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_th(context: Any, key: str, label: str, extra_class: str = "") -> str:
    """A `<th>` whose link sorts by `key`, then reverses it; the other filters kept,
    back to page 1. `aria-sort` says the current order to screen readers."""
    request = context["request"]
    current = request.GET.get("sort", "")
    query = request.GET.copy()
    query.pop("page", None)
    if current == key:
        query["sort"], aria, arrow = f"-{key}", "ascending", "▲"
    elif current == f"-{key}":
        query["sort"], aria, arrow = key, "descending", "▼"
    else:
        query["sort"], aria, arrow = key, "none", ""
    title = _("Sort by %(column)s") % {"column": label}
    return format_html(
        '<th scope="col" class="{}" aria-sort="{}"><a class="sort-link text-reset" href="?{}" '
        'title="{}" data-sort="{}">{}</a>{}</th>',
        extra_class, aria, query.urlencode(), title, key, label,
        format_html(' <span aria-hidden="true">{}</span>', arrow) if arrow else "")


@register.simple_tag(takes_context=True)
def back_to_list(context: Any, name: str, url_name: str) -> str:
    return list_url(context["request"], name, url_name)

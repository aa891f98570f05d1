"""`{% save_view_form "petitions" %}`: the list page's "save these filters" form."""

from typing import Any

from django import template
from django.template.loader import render_to_string

from dashboards.services import can_save_views

register = template.Library()


@register.simple_tag(takes_context=True)
def save_view_form(context: Any, list_name: str) -> str:
    request = context["request"]
    if not can_save_views(request.user):
        return ""
    query = request.GET.copy()
    query.pop("page", None)
    return render_to_string("dashboards/_save_view.html", {
        "list_name": list_name, "query": query.urlencode(), "has_filters": bool(query)},
        request=request)

"""The link to another page of a list, keeping the list's filters."""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context: Any, number: int) -> str:
    """`?<the current query>` with only `page` changed: page 2 shows the same filters."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + str(query.urlencode())

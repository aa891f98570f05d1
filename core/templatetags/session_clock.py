from typing import Any

from django import template

from core.session_views import seconds_left

register = template.Library()


@register.simple_tag(takes_context=True)
def session_seconds_left(context: Any) -> int | str:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    return seconds_left(request)

"""Links from alerts and notices to the record they name."""

from django import template

register = template.Library()


# Where each kind of record is shown; apps built in parallel may not have their
# detail page yet, so a missing route gives no link rather than an error.
_RECORD_ROUTES = {"supervision_order": "supervision:order", "petition": "petitions:detail",
                  "backlog_case": "backlog:detail", "stability_matter": "stability:detail"}


@register.filter
def record_url(target_type: str, target_id) -> str:
    from django.urls import NoReverseMatch, reverse
    route = _RECORD_ROUTES.get(target_type)
    if route is None:
        return ""
    try:
        return reverse(route, args=[target_id])
    except NoReverseMatch:
        return ""

"""Links from alerts and notices to the record they name."""

from django import template
from django.urls import reverse

register = template.Library()


# Where each kind of record is shown; a kind without a page (a screening period's
# alert) is shown without a link.
_RECORD_ROUTES = {"supervision_order": "supervision:order", "petition": "petitions:detail",
                  "backlog_case": "backlog:detail", "stability_matter": "stability:detail"}


@register.filter
def record_url(target_type: str, target_id) -> str:
    route = _RECORD_ROUTES.get(target_type)
    return reverse(route, args=[target_id]) if route else ""

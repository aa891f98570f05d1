"""The bell in the navigation: the user's open alerts and unread notifications.

The page carries only a placeholder; htmx fetches the bell from its own URL
after load (`supervision:bell`), so no page pays its queries in its own
response and page query budgets stay those of the page.
"""

from django import template
from django.urls import reverse

from accounts.scoping import scoped
from supervision.models import Alert
from supervision.selectors import notifications_for

register = template.Library()


@register.inclusion_tag("supervision/_bell_placeholder.html", takes_context=True)
def bell(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"show": user is not None and user.is_authenticated}


def bell_context(request) -> dict:
    user = request.user
    alerts = scoped(Alert.objects.filter(cleared_on__isnull=True), user).count()
    unread = notifications_for(user=user).filter(read_at__isnull=True)
    notes = list(unread[:5])
    count = unread.count() if len(notes) == 5 else len(notes)
    return {"request": request, "bell_alerts": alerts,
            "bell_notifications": notes, "bell_count": alerts + count}


# Where each kind of record is shown; a kind without a page (a screening period's
# alert) is shown without a link.
_RECORD_ROUTES = {"supervision_order": "supervision:order", "petition": "petitions:detail",
                  "backlog_case": "backlog:detail", "stability_matter": "stability:detail"}


@register.filter
def record_url(target_type: str, target_id) -> str:
    route = _RECORD_ROUTES.get(target_type)
    return reverse(route, args=[target_id]) if route else ""

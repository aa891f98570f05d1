"""The bell in the navigation: the user's open alerts and unread notifications.

Three small queries per page (two counts, five notifications), run only for
signed-in users; the alert count uses the partial index on open alerts.
"""

from django import template

from accounts.scoping import scoped
from supervision.models import Alert
from supervision.selectors import notifications_for

register = template.Library()


@register.inclusion_tag("supervision/_bell.html", takes_context=True)
def bell(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    alerts = scoped(Alert.objects.filter(cleared_on__isnull=True), user).count()
    unread = notifications_for(user=user).filter(read_at__isnull=True)
    notes = list(unread[:5])
    count = unread.count() if len(notes) == 5 else len(notes)
    return {"request": request, "csrf_token": context.get("csrf_token"), "bell_alerts": alerts,
            "bell_notifications": notes, "bell_count": alerts + count}


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

"""The bell in the navigation: the user's open alerts and unread notifications.

The page carries only a placeholder; htmx fetches the bell from its own URL
after load (`alerts:bell`), so no page pays its queries in its own response
and page query budgets stay those of the page.
"""

from django import template

register = template.Library()


@register.inclusion_tag("alerts/_bell_placeholder.html", takes_context=True)
def bell(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"show": user is not None and user.is_authenticated}

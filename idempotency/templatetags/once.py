import re
import uuid

from django import template
from django.utils.html import format_html

register = template.Library()

FIELD = "once"
_KEY = re.compile(r"^[0-9a-f]{32}$")


@register.simple_tag(takes_context=True)
def once_field(context):
    """The create form's one-time token; a re-rendered form keeps the one it was sent with."""
    request = context.get("request")
    sent = request.POST.get(FIELD, "") if request is not None else ""
    key = sent if _KEY.match(sent) else uuid.uuid4().hex
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, key)

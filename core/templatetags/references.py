"""`{{ ref|ref_link }}`: a resolved reference (core/references.py) as words and a link."""

from django import template
from django.utils.html import format_html

from core.references import Ref

register = template.Library()


@register.filter
def ref_link(ref: Ref | None) -> str:
    if ref is None:
        return ""
    if ref.url:
        return format_html('<a href="{}">{}</a>', ref.url, ref.text)
    return format_html("{}", ref.text)

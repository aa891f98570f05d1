"""`{{ day|cn_date }}`: a date as official papers print it, 2026年11月30日."""

from datetime import date

from django import template

register = template.Library()


@register.filter
def cn_date(day: date | None) -> str:
    if not day:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"

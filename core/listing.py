"""Lists: whitelisted column sorting and the list state kept for "返回列表" (issue 19, item 3).

A list's state lives in its URL (`?status=…&sort=-due`); the last state of
each list is also kept in the session, so a detail page's "返回列表" link
opens the list as the user left it.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.db.models.expressions import BaseExpression
from django.http import HttpRequest
from django.urls import reverse

# A sort key -> the ordering expressions (ascending); "-key" reverses them.
Sorts = Mapping[str, Sequence[str | BaseExpression]]


def choice_order(field: str, choices: Sequence[tuple[str, Any]]) -> Case:
    """Order a choice field by its choices' order (the lifecycle), not its codes."""
    return Case(*[When(**{field: value}, then=Value(i)) for i, (value, _label) in
                  enumerate(choices)], default=Value(len(choices)), output_field=IntegerField())


def _reverse(term: Any) -> Any:
    if isinstance(term, str):
        return F(term).desc(nulls_last=True)
    return term.desc(nulls_last=True) if hasattr(term, "desc") else term


def _forward(term: Any) -> Any:
    if isinstance(term, str):
        return F(term).asc(nulls_last=True)
    return term.asc(nulls_last=True) if hasattr(term, "asc") else term


def sorted_by(queryset: QuerySet[Any], value: str | None, sorts: Sorts
              ) -> tuple[QuerySet[Any], str]:
    """`queryset` ordered by the whitelisted key in `value` ("due", "-due"), the
    id last so that pages are stable; an unknown key leaves the default order.
    Returns the queryset and the key applied ("" for the default)."""
    value = (value or "").strip()
    key = value.lstrip("-")
    if key not in sorts:
        return queryset, ""
    desc = value.startswith("-")
    terms = [_reverse(t) if desc else _forward(t) for t in sorts[key]]
    return queryset.order_by(*terms, "-id" if desc else "id"), value


def remember_list(request: HttpRequest, name: str) -> None:
    """Keep this list's query string for the detail pages' "back to list" link."""
    state = request.GET.urlencode()  # the page is part of the state too
    key = f"list_state:{name}"
    if request.session.get(key, "") != state:
        request.session[key] = state


def list_url(request: HttpRequest, name: str, url_name: str) -> str:
    """The list's URL with the state the user left it in."""
    url = reverse(url_name)
    state = request.session.get(f"list_state:{name}", "") if hasattr(request, "session") else ""
    return f"{url}?{state}" if state else url


def count_sql(queryset: QuerySet[Any]) -> tuple[str, list[Any]]:
    """`queryset`'s row count as a scalar subquery with its parameters, for a single
    statement of several counts (SELECT (count) + (count), or SELECT (count), (count))."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return f"(SELECT COUNT(*) FROM ({sql}) AS c)", list(params)


def sum_sql(queryset: QuerySet[Any], column: str) -> tuple[str, list[Any]]:
    """The sum of `column` over `queryset`, 0 when empty, as count_sql's subquery."""
    sql, params = queryset.order_by().values(column).query.sql_with_params()
    return f"(SELECT COALESCE(SUM(c.{column}), 0) FROM ({sql}) AS c)", list(params)

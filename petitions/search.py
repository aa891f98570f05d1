"""The petition search (issue 19, item 1): one denormalised, lower-cased column.

`Petition.search_text` holds the number, title, content, the three written
replies and the petitioners' names. The services that change any of these
refresh it in their own transaction (`petition_search_refresh`); on PostgreSQL
a GIN trigram index (pg_trgm) answers `search_text LIKE '%…%'` at 200,000
petitions, on SQLite the same LIKE scans. ID numbers are never in it: a query
that is an ID number is matched through the keyed hash, exactly. Unit names are
not in it either: the query is matched against the (small) unit table and the
petitions of those units are added, so renaming a unit needs no refresh.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q, QuerySet

from accounts.models import OrgUnit
from core.crypto import keyed_hash
from petitions.idnumbers import normalize_id_number

# Up to this many matches, a search reads the matching ids once (petition_search).
SEARCH_IDS_AT_MOST = 1000

# What search_text is made of, in one statement for one petition or all of them.
_NAMES = {"postgresql": "string_agg(r.name, ' ')", "sqlite": "group_concat(r.name, ' ')"}


def _refresh_sql() -> str:
    names = _NAMES.get(connection.vendor, _NAMES["postgresql"])
    return (
        "UPDATE petitions_petition SET search_text = lower("
        "number || ' ' || title || ' ' || content || ' ' || reply_opinion || ' ' "
        "|| review_opinion || ' ' || recheck_opinion || ' ' || coalesce(("
        f"SELECT {names} FROM petitions_petitionpetitioner l "
        "JOIN petitions_petitioner r ON r.id = l.petitioner_id "
        "WHERE l.petition_id = petitions_petition.id), ''))"
    )


def petition_search_refresh(*, petition_ids: Iterable[int] | None = None,
                            from_id: int | None = None) -> int:
    """Recompute search_text set-based: for `petition_ids`, for ids >= `from_id`,
    or (neither) for every petition. Returns the rows written."""
    sql, params = _refresh_sql(), []
    if petition_ids is not None:
        ids = list(petition_ids)
        if not ids:
            return 0
        sql += f" WHERE id IN ({', '.join(['%s'] * len(ids))})"
        params = ids
    elif from_id is not None:
        sql += " WHERE id >= %s"
        params = [from_id]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def is_id_number(value: str) -> bool:
    """Whether a search is for a person's ID number (the view logs such searches)."""
    return _id_hash((value or "").strip()) is not None


def _id_hash(value: str) -> str | None:
    """The keyed hash when the query is a whole resident ID number, else None."""
    compact = value.replace(" ", "")
    if len(compact) != 18:
        return None
    try:
        return keyed_hash(normalize_id_number(compact))
    except ValidationError:
        return None


def petition_search(queryset: QuerySet, value: str) -> QuerySet:
    value = (value or "").strip()
    if not value:
        return queryset
    hashed = _id_hash(value)
    if hashed is not None:
        return queryset.filter(links__petitioner__id_hash=hashed).distinct()
    units = list(OrgUnit.objects.filter(Q(name__icontains=value) | Q(code__iexact=value))
                 .values_list("pk", flat=True)[:50])
    match = Q(search_text__contains=value.lower())
    if units:
        match |= Q(handling_unit_id__in=units)
    if connection.vendor == "postgresql":
        # The trigram scan is the search's whole cost (its bitmap is built in full
        # whatever the LIMIT), and a page runs it twice: the count, then the rows.
        # A specific query (a number fragment, a name) matches few petitions: read
        # their ids once and let the count and the page look them up by key. A
        # broad one (more than SEARCH_IDS_AT_MOST) keeps the plain filter.
        ids = list(queryset.filter(match).order_by().values_list("pk", flat=True)
                   [:SEARCH_IDS_AT_MOST + 1])
        if len(ids) <= SEARCH_IDS_AT_MOST:
            return queryset.filter(pk__in=ids)
    return queryset.filter(match)

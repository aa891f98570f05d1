"""Raising and clearing lateness alerts, and reading notifications.

Every module's overdue job is the same two statements (style.md, A periodic
job): one INSERT ... SELECT ... ON CONFLICT DO NOTHING that raises an alert
for each late record, and one UPDATE that clears the open alerts whose step is
done. The unique key of Alert makes a rerun a no-op. The modules only say
which records are late (a queryset or a SELECT) and what "done" means.
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import Expression

from accounts.models import OrgUnit, User
from alerts.models import Alert, Notification
from core.dates import local_now
from core.references import resolve_ref

# A CTE names the late rows' columns (SQLite has no column list on a derived
# table); `WHERE true` keeps SQLite from reading ON CONFLICT as a join's ON.
_RAISE_SQL = """
WITH late (target_id, org_unit_id, due_on{label}) AS ({late})
INSERT INTO {table} (kind, target_type, target_id, org_unit_id, due_on, raised_on)
SELECT %s, %s, late.target_id, late.org_unit_id, late.due_on, %s
  FROM late WHERE true
ON CONFLICT DO NOTHING
RETURNING target_id, org_unit_id, due_on
"""


# With a label (e.g. the record's number) the late rows are read once and the
# raised rows come back with their label from the same statement (PostgreSQL's
# data-modifying CTE): no second lookup of tens of thousands of ids.
_RAISE_LABELLED_SQL = """
WITH late (target_id, org_unit_id, due_on, label) AS MATERIALIZED ({late}),
raised AS (
INSERT INTO {table} (kind, target_type, target_id, org_unit_id, due_on, raised_on)
SELECT %s, %s, late.target_id, late.org_unit_id, late.due_on, %s
  FROM late
ON CONFLICT DO NOTHING
RETURNING target_id, org_unit_id, due_on
)
SELECT raised.target_id, raised.org_unit_id, raised.due_on, late.label
  FROM raised JOIN late ON late.target_id = raised.target_id
   AND late.org_unit_id = raised.org_unit_id AND late.due_on = raised.due_on
"""


def raise_overdue(*, kind: str, target_type: str,
                  late: "QuerySet[Any, Any] | tuple[str, Sequence[Any]]",
                  as_of: date, labelled: bool = False) -> list[tuple[Any, ...]]:
    """Raise one alert per late record, in one statement whatever the count.

    `late` yields (target id, org unit id, due date): a `values_list` queryset
    or a (SELECT, params) pair. Returns the rows actually raised (none on a rerun).
    With `labelled`, `late` yields a fourth column, the record's label, and each
    raised row comes back with it: (target id, org unit id, due date, label).
    """
    late_params: Sequence[Any]
    if isinstance(late, QuerySet):
        late_sql, late_params = late.order_by().query.sql_with_params()
    else:
        late_sql, late_params = late
    params = [*late_params, kind, target_type, as_of]
    table = Alert._meta.db_table
    with connection.cursor() as cursor:
        if labelled and connection.vendor == "postgresql":
            cursor.execute(_RAISE_LABELLED_SQL.format(table=table, late=late_sql), params)
            rows = cursor.fetchall()
        elif labelled:  # SQLite (development): no INSERT inside a CTE
            cursor.execute(_RAISE_SQL.format(table=table, late=late_sql, label=", label"),
                           params)
            raised = cursor.fetchall()
            cursor.execute(f"WITH late (target_id, org_unit_id, due_on, label) AS ({late_sql}) "
                           "SELECT target_id, label FROM late", late_params)
            labels = dict(cursor.fetchall())
            rows = [(*row, labels[row[0]]) for row in raised]
        else:
            cursor.execute(_RAISE_SQL.format(table=table, late=late_sql, label=""), params)
            rows = cursor.fetchall()
    # SQLite hands a raw cursor's dates back as text.
    return [(row[0], row[1], date.fromisoformat(row[2]) if isinstance(row[2], str) else row[2],
             *row[3:]) for row in rows]


def clear_done(*, kind: str, done: Q | Expression, as_of: date) -> int:
    """Clear the open alerts of `kind` whose step is done, in one UPDATE."""
    return (Alert.objects.filter(kind=kind, cleared_on__isnull=True).filter(done)
            .update(cleared_on=as_of))


def notification_mark_read(*, user: User, notification_ids: Iterable[int],
                           now: datetime | None = None) -> int:
    from alerts.selectors import notifications_for

    return notifications_for(user=user).filter(pk__in=notification_ids, read_at__isnull=True) \
        .update(read_at=now or local_now())


def notify(*, org_unit: OrgUnit, kind: str, text: str, ref: tuple[str, int], day: date,
           user: User | None = None) -> Notification:
    """Tell a unit (or one user) about a record now, in the caller's transaction.

    `text` is a translated sentence with `%(ref)s`, which becomes the record in
    words with its number ("信访事项 XF-2026-000123"); the link goes to the record."""
    record = resolve_ref(*ref)
    return Notification.objects.create(org_unit=org_unit, user=user, kind=kind, day=day,
                                       text=text % {"ref": record.text}, link=record.url)

"""Record numbers of the form PREFIX-YYYY-NNNNNN (积案 JA-…, 矛盾纠纷 MD-…).

`next_number` is called inside the creating transaction: it locks the counter
row of (prefix, year) until the commit, so numbers are unique and in sequence.
`allocate_numbers` reserves a block at once for set-based creation (the Excel
import, bench seeding). `backfill_numbers` numbers existing rows per year in
(date, id) order; the migrations call it with their historical models.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction

BACKLOG_PREFIX = "JA"  # 积案
MATTER_PREFIX = "MD"   # 矛盾纠纷


def format_number(prefix: str, year: int, seq: int) -> str:
    return f"{prefix}-{year}-{seq:06d}"


def _reserve(counter_model: Any, prefix: str, year: int, count: int) -> int:
    """Reserve `count` numbers; the first one's sequence (the row stays locked)."""
    counter_model.objects.get_or_create(prefix=prefix, year=year)
    counter = counter_model.objects.select_for_update().get(prefix=prefix, year=year)
    first: int = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return first


def next_number(prefix: str, year: int) -> str:
    from core.models import RecordCounter

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the creating transaction")
    return format_number(prefix, year, _reserve(RecordCounter, prefix, year, 1))


def allocate_numbers(prefix: str, days: Iterable[date]) -> list[str]:
    """One number per given day (the record's date), in the order given.

    One counter update per year, whatever the number of records."""
    from core.models import RecordCounter

    days = list(days)
    per_year: dict[int, int] = {}
    for d in days:
        per_year[d.year] = per_year.get(d.year, 0) + 1
    with transaction.atomic():
        nxt = {y: _reserve(RecordCounter, prefix, y, n) for y, n in sorted(per_year.items())}
    numbers = []
    for d in days:
        numbers.append(format_number(prefix, d.year, nxt[d.year]))
        nxt[d.year] += 1
    return numbers


def backfill_numbers(model: Any, counter_model: Any, *, prefix: str,
                     date_field: str) -> int:
    """Number the rows without one, per year of `date_field`, in (date, id) order.

    Works with a migration's historical models on PostgreSQL and SQLite (plain
    ORM updates, no window functions). Returns the number of rows numbered."""
    rows = list(model.objects.filter(number__isnull=True)
                .order_by(date_field, "pk").values_list("pk", date_field))
    if not rows:
        return 0
    per_year: dict[int, int] = {}
    for _pk, d in rows:
        per_year[d.year] = per_year.get(d.year, 0) + 1
    nxt = {y: _reserve(counter_model, prefix, y, n) for y, n in per_year.items()}
    objs = []
    for pk, d in rows:
        objs.append(model(pk=pk, number=format_number(prefix, d.year, nxt[d.year])))
        nxt[d.year] += 1
    model.objects.bulk_update(objs, ["number"], batch_size=1000)
    return len(objs)

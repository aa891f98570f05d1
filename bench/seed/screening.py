"""Monthly screening periods, the units' reports and their items."""

import calendar
import random
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from bench.seed.base import at_time, bulk_insert, next_id, reset_sequences
from core.dates import local_today
from screening.models import (
    Category,
    ScreeningEvent,
    ScreeningItem,
    ScreeningPeriod,
    ScreeningReport,
    ScreeningSettings,
)


def seed_screening(opts, org, out) -> None:
    units = org["reporting"][:opts["units"]]
    if ScreeningReport.objects.count() >= len(units) * opts["months"] * 0.9:
        out("screening: already seeded, nothing to do")
        return
    rng = random.Random(20260002)
    tz = ZoneInfo(settings.TIME_ZONE)
    today = local_today()
    periods = _periods(opts["months"], today)
    existing = set(ScreeningReport.objects.values_list("period_id", "org_unit_id"))
    clerk_of = {}
    for uid, unit_id in org["clerks"]:
        clerk_of.setdefault(unit_id, uid)
    report_id, item_id, event_id = (next_id(ScreeningReport), next_id(ScreeningItem),
                                    next_id(ScreeningEvent))
    reports, items, events = [], [], []
    cats = [c for c, _l in Category.choices]
    for period in periods.values():
        for unit in units:
            if (period.pk, unit.pk) in existing or rng.random() < 0.03:
                continue
            if period.due_on >= today and rng.random() < 0.5:
                continue  # this month's: half the units have not filed yet
            at, late, zero = _filed(rng, tz, period, today)
            clerk = clerk_of.get(unit.pk)
            reports.append((report_id, period.pk, unit.pk, zero, "submitted", at, at, late, "",
                            at, clerk))
            if not zero:
                for _ in range(rng.randint(1, 11)):
                    items.append((item_id, report_id, *_item(rng, cats)))
                    item_id += 1
            events.append((event_id, report_id, at, clerk, "create", "", "draft", "", {}))
            events.append((event_id + 1, report_id, at, clerk, "submit", "draft", "submitted",
                           "", {}))
            event_id += 2
            report_id += 1
    _write_screening(reports, items, events)
    out(f"screening: {len(periods)} periods, {len(reports)} reports, {len(items)} items")


def _filed(rng, tz, period, today: date) -> tuple:
    """When a unit filed its report (10% late), and whether it was a zero report."""
    late = rng.random() < 0.10 and period.due_on < today
    day = (period.due_on + timedelta(days=rng.randint(1, 4)) if late
           else period.due_on - timedelta(days=rng.randint(0, 10)))
    at = at_time(min(day, today), rng, tz)
    return at, late, rng.random() < 0.3


def _item(rng, cats) -> tuple:
    return (rng.choice(cats), "群众反映矛盾纠纷线索", "当事双方", rng.randint(1, 30),
            rng.choice(["low", "low", "medium", "high"]), "已制定化解方案，专人跟进办理",
            rng.random() < 0.6)


@transaction.atomic
def _write_screening(reports, items, events) -> None:
    bulk_insert(ScreeningReport, ["id", "period_id", "org_unit_id", "zero_report", "status",
                                  "submitted_at", "first_submitted_at", "late",
                                  "returned_reason", "created_at", "created_by_id"], reports)
    bulk_insert(ScreeningItem, ["id", "report_id", "category", "description", "parties",
                                "people_involved", "risk_level", "measures", "resolved"], items)
    bulk_insert(ScreeningEvent, ["id", "report_id", "at", "actor_id", "action",
                                 "from_status", "to_status", "note", "data"], events)
    reset_sequences(ScreeningReport, ScreeningItem, ScreeningEvent)


def _periods(count: int, today: date) -> dict:
    """The last `count` monthly periods, oldest first, created when missing."""
    conf = ScreeningSettings.current()
    months = []
    y, m = today.year, today.month
    for _ in range(count):
        months.append((y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    periods = {}
    for y, m in reversed(months):
        due = date(y, m, min(conf.due_day, calendar.monthrange(y, m)[1]))
        periods[(y, m)], _c = ScreeningPeriod.objects.get_or_create(
            year=y, month=m, defaults={"opens_on": date(y, m, 1), "due_on": due,
                                       "locks_on": due + timedelta(days=conf.lock_days)})
    return periods

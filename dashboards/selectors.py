"""Reads behind the dashboards: set-based aggregates, never a query per unit or month.

Every figure is scoped like the list behind it (accounts.scoping / petition_scope)
and narrowed by the page's filters: a date range (`start`..`end`, on the date
that defines the figure: received_on for petitions) and a unit (its subtree).
The counts equal what the list shows when the chart is clicked through.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from accounts.roles import LEADER, has_role
from accounts.scoping import scope_path, scoped
from backlog.models import BacklogCase
from backlog.selectors import backlog_stats, case_list_for, monthly_flow
from core.listing import count_sql, sum_sql
from dashboards.models import (
    FirstPendingCount,
    OpenStepCount,
    PetitionDayCount,
    PetitionMonthCount,
    SavedView,
)
from petitions.models import Petition
from screening.models import ScreeningPeriod, ScreeningReport
from screening.selectors import year_grid_for
from supervision.models import AssessmentScore, SupervisionOrder
from supervision.selectors import order_list_for, ranking_for
from workdays.services import due_soon_limit

CACHE_SECONDS = 60
SCREENING_LEGEND = [("on_time", _("On time")), ("zero", _("Zero report")),
                    ("late", _("Late")), ("missing", _("Missing")),
                    ("returned", _("Returned")), ("pending", _("Not yet due"))]
GENERATION_KEY = "dashboards:generation"


def figures_changed() -> None:
    """Called on every save or delete of a record behind a figure (dashboards.signals):
    a new generation makes every cached dashboard stale at once."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


@dataclass(frozen=True)
class DashboardFilters:
    start: date
    end: date
    unit: OrgUnit | None  # None: the user's whole scope

    @property
    def unit_code(self) -> str:
        return self.unit.code if self.unit else ""

    def cache_key(self, user, today: date) -> str:
        # The scope (not the user) and the filters decide the figures: two clerks
        # of one township share an entry, a clerk never sees the city's.
        scope = scope_path(user) or "*"
        generation = cache.get(GENERATION_KEY, 0)
        # Labels in the figures are translated: one entry a language.
        return (f"dashboards:v1:{generation}:{get_language()}:{scope}:{self.unit_code}:{self.start.isoformat()}:"
                f"{self.end.isoformat()}:{today.isoformat()}")


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _open_step_counts(user, unit: OrgUnit | None = None):
    """The open steps (current_due set) answered for by a unit in the user's scope (and
    under `unit`), counted: the open-step rollup (dashboards.rollups) by responsible
    unit, due date and status. The step's responsible unit, not the registering one."""
    qs = OpenStepCount.objects.all()
    prefix = scope_path(user)
    if prefix is not None:
        qs = qs.filter(unit__path__startswith=prefix)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs


def _month_labels() -> list[str]:
    return [f"{m:02d}" for m in range(1, 13)]


def _whole_months(start: date, end: date) -> tuple[date, date] | None:
    """The first days of the first and last whole months inside start..end, if any."""
    first = start if start.day == 1 else (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    after_end = end + timedelta(days=1)
    last = (after_end.replace(day=1) - timedelta(days=1)).replace(day=1)
    return (first, last) if first <= last else None


# The in-range sums every petition panel reads (dashboards.rollups.counted).
IN_RANGE = ("n", "skipping", "national", "closed", "satisfied", "repeats", "first",
            "first_replied", "first_on_time", "first_closed", "first_resolved")


def _anchor_sql(user, flt: DashboardFilters) -> tuple[str, list] | None:
    """Which rollup rows hold the user's petitions, narrowed by the page's unit: the
    petitions of petition_scope (and the unit filter), already counted.

    A unit filter is a unit of the user's scope, so "in scope and registered in the
    unit's subtree" is "registered in its subtree" (kind 'o'); without one, a clerk's
    scope is "registered or handled in the subtree" (kind 's'), the city's is every
    petition (kind 'o' of the top units). None: nothing in scope."""
    if flt.unit is not None:
        return "r.kind = %s AND r.unit_id = %s", [PetitionDayCount.Kind.REGISTERED, flt.unit.pk]
    if scope_path(user) is None:
        return (f"r.kind = %s AND r.unit_id IN (SELECT id FROM {OrgUnit._meta.db_table} "
                f"WHERE parent_id IS NULL)", [PetitionDayCount.Kind.REGISTERED])
    if not user.org_unit_id:
        return None
    return "r.kind = %s AND r.unit_id = %s", [PetitionDayCount.Kind.VISIBLE, user.org_unit_id]


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _panel_rows(user, flt: DashboardFilters, today: date, children: list[int]) -> list[tuple]:
    """One query over the rollups (dashboards.rollups) for every petition panel:
    - 'v': the month rows of this year and last, by month (the volume);
    - 'w': the month rows of the range's whole months, by channel and category;
    - 'e': the day rows of the range's partial months at its ends, the same;
    - 'u': the range's petitions and repeats of each unit below the root (`children`,
      kind 'o': registered in its subtree), from the same month and day rows;
    - 'p': first petitions accepted, not replied to, received in the range and past
      their handling due date (due, not on time).
    Each row: part, month, channel, category, unit, total, skipping, collective, then
    the IN_RANGE sums."""
    anchor = _anchor_sql(user, flt)
    if anchor is None:
        return []
    where, args = anchor
    year = flt.end.year
    first, last = date(year - 1, 1, 1), date(year, 12, 31)
    whole = _whole_months(flt.start, flt.end)
    month_in = "r.month >= %s AND r.month <= %s" if whole else "1 = 0"
    month_args = list(whole) if whole else []
    # The days of the range outside its whole months: none, one or two spans.
    spans = ([(flt.start, whole[0] - timedelta(days=1)), (_next_month(whole[1]), flt.end)]
             if whole else [(flt.start, flt.end)])
    spans = [(a, b) for a, b in spans if a <= b]
    edges = " OR ".join(["(r.day >= %s AND r.day <= %s)"] * len(spans))
    edges = f"({edges})" if spans else "1 = 0"
    edge_args: list = [d for span in spans for d in span]

    def sums(cond: str | None) -> str:
        if cond is None:
            return ", ".join(f"SUM(r.{c})" for c in IN_RANGE)
        return ", ".join(f"SUM(CASE WHEN {cond} THEN r.{c} ELSE 0 END)" for c in IN_RANGE)

    month_t, day_t = PetitionMonthCount._meta.db_table, PetitionDayCount._meta.db_table
    pending_t = FirstPendingCount._meta.db_table
    zeros = ", ".join("0" for _ in IN_RANGE[2:])
    parts = [
        (f"SELECT 'v' AS part, r.month, '' AS channel, '' AS category, 0 AS unit, SUM(r.n), "
         f"SUM(r.skipping), SUM(r.collective), {', '.join('0' for _ in IN_RANGE)} "
         f"FROM {month_t} r WHERE {where} AND r.month >= %s AND r.month <= %s "
         f"GROUP BY r.month", [*args, first, last]),
        (f"SELECT 'p', NULL, '', '', 0, 0, 0, 0, SUM(r.n), 0, {zeros} FROM {pending_t} r "
         f"WHERE {where} AND r.day >= %s AND r.day <= %s AND r.due < %s",
         [*args, flt.start, flt.end, today]),
    ]
    if whole:
        parts.append(
            (f"SELECT 'w', NULL, r.channel, r.category, 0, 0, 0, 0, {sums(None)} FROM {month_t} r "
             f"WHERE {where} AND {month_in} GROUP BY r.channel, r.category",
             [*args, *month_args]))
    if spans:
        parts.append(
            (f"SELECT 'e', NULL, r.channel, r.category, 0, 0, 0, 0, {sums(None)} FROM {day_t} r "
             f"WHERE {where} AND {edges} GROUP BY r.channel, r.category", [*args, *edge_args]))
    if children:
        marks = ", ".join(["%s"] * len(children))
        kind = PetitionDayCount.Kind.REGISTERED
        by_unit = [(month_t, month_in, month_args)] if whole else []
        by_unit += [(day_t, edges, edge_args)] if spans else []
        parts += [
            (f"SELECT 'u', NULL, '', '', r.unit_id, 0, 0, 0, SUM(r.n), 0, 0, 0, 0, "
             f"SUM(r.repeats), 0, 0, 0, 0, 0 FROM {table} r WHERE r.kind = %s AND "
             f"r.unit_id IN ({marks}) AND {cond} GROUP BY r.unit_id",
             [kind, *children, *cond_args])
            for table, cond, cond_args in by_unit]
    sql = " UNION ALL ".join(part for part, _ in parts)
    params = [arg for _, part_args in parts for arg in part_args]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def petition_panels(user, flt: DashboardFilters, today: date,
                    units: list[OrgUnit] | None = None) -> dict:
    """Every petition panel of the dashboard, from one query on the rollups:
    - volume by month (this year against last), level-skipping and collective by
      month, and the 进京/越级 counts of the range (issue 20, item 10);
    - the channel and category breakdown of the range;
    - leader receptions (领导接访) received in the range, closed, closed satisfied;
    - first petitions (初信初访, issue 20 item 6) received in the range: the share
      accepted and answered on time, the share resolved (closed satisfied, no repeat
      within six months of closing), and the repeat rate by unit below the root.
    `units`: the user's units in scope (for the by-unit repeat rates)."""
    year = flt.end.year
    root = _root_unit(units, flt) if units else None
    children = [u for u in units or [] if root is not None and u.parent_id == root.pk]
    rows = _panel_rows(user, flt, today, [u.pk for u in children])
    this, previous = [0] * 12, [0] * 12
    skipping, collective = [0] * 12, [0] * 12
    channels = dict.fromkeys(Petition.Channel.values, 0)
    categories = dict.fromkeys(Petition.Category.values, 0)
    totals = dict.fromkeys(IN_RANGE, 0)
    leader = dict.fromkeys(IN_RANGE, 0)
    pending = 0
    by_child: dict[int, list[int]] = {}
    for part, month, channel, category, unit, total, skip, coll, *in_range in rows:
        got = dict(zip(IN_RANGE, (v or 0 for v in in_range), strict=True))
        if part == "p":
            pending += got["n"]
            continue
        if part == "u":
            entry = by_child.setdefault(unit, [0, 0])
            entry[0] += got["n"]
            entry[1] += got["repeats"]
            continue
        if part == "v":
            month = _as_date(month)
            index = month.month - 1
            if month.year == year:
                this[index] += total
                skipping[index] += skip
                collective[index] += coll
            elif month.year == year - 1:
                previous[index] += total
            continue
        channels[channel] = channels.get(channel, 0) + got["n"]
        categories[category] = categories.get(category, 0) + got["n"]
        for key in IN_RANGE:
            totals[key] += got[key]
            if channel == Petition.Channel.LEADER_RECEPTION:
                leader[key] += got[key]
    volume = {"year": year, "months": _month_labels(), "this_year": this,
              "last_year": previous, "level_skipping": skipping, "collective": collective,
              "total_this_year": sum(this), "total_last_year": sum(previous),
              "national_in_range": totals["national"], "skipping_in_range": totals["skipping"]}
    channel_labels = dict(Petition.Channel.choices)
    category_labels = dict(Petition.Category.choices)
    breakdown = {
        "channels": [{"key": k, "label": str(channel_labels.get(k, k)), "n": n}
                     for k, n in channels.items()],
        "categories": [{"key": k, "label": str(category_labels.get(k, k)), "n": n}
                       for k, n in sorted(categories.items(), key=lambda kv: -kv[1])],
        "total": sum(channels.values()),
    }
    receptions = {"received": leader["n"], "closed": leader["closed"],
                  "satisfied": leader["satisfied"],
                  "resolution_rate": (round(100 * leader["closed"] / leader["n"], 1)
                                      if leader["n"] else 0.0)}
    return {"volume": volume, "breakdown": breakdown, "receptions": receptions,
            "first": _first_figures(totals, pending, root, children, by_child)}


def _root_unit(units: list[OrgUnit], flt: DashboardFilters) -> OrgUnit | None:
    """The unit whose children the by-unit figures are rolled up to: the chosen unit,
    else the top of the user's scope."""
    if flt.unit is not None:
        return flt.unit
    return min(units, key=lambda u: len(u.path), default=None)


def _rollup_root(units: list[OrgUnit], flt: DashboardFilters) -> str:
    """The path whose children the by-unit figures are rolled up to: the chosen unit,
    else the top of the user's scope."""
    if flt.unit is not None:
        return flt.unit.path
    return min((u.path for u in units), key=len, default="")


def overdue_by_unit(user, flt: DashboardFilters, today: date, units: list[OrgUnit]) -> dict:
    """Petitions whose current step is past its due date (the list's `overdue=true`),
    by the unit responsible for that step, rolled up to the units one level below
    the page's root, so each bar equals the count of
    /petitions/?step_unit=<code>&overdue=true. One query."""
    rows = list(_open_step_counts(user, flt.unit).filter(due__lt=today)
                .values_list("unit_id").annotate(steps=Sum("n")).filter(steps__gt=0)
                .order_by())
    # The units are the page's (`units`); a unit outside them (inactive) is read apart.
    by_id = {u.pk: u for u in units}
    if missing := {unit_id for unit_id, _n in rows} - by_id.keys():
        by_id.update(OrgUnit.objects.in_bulk(missing))
    root = _rollup_root(units, flt)
    depth = root.count("/")
    by_path = {u.path: u for u in units}
    totals: dict[str, dict] = {}
    for unit_id, steps in rows:
        own = by_id[unit_id]
        r = {"path": own.path, "code": own.code, "name": own.name, "steps": steps}
        path = r["path"]
        if path.startswith(root) and path != root:
            path = "/".join(path.split("/")[:depth + 1]) + "/"
        unit = by_path.get(path)
        code, name = (unit.code, unit.name) if unit else (r["code"], r["name"])
        if path == root:  # the root's own petitions, beside its sub-units' bars
            name = _("%(unit)s (own level)") % {"unit": name}
        entry = totals.setdefault(path, {"code": code, "name": name, "n": 0})
        entry["n"] += r["steps"]
    out = sorted(totals.values(), key=lambda r: (-r["n"], r["code"]))
    return {"units": out, "total": sum(r["n"] for r in out)}


def backlog_figures(user, flt: DashboardFilters) -> dict:
    within = flt.unit.path if flt.unit else None
    stats = backlog_stats(user=user, within=within)
    end = f"{flt.end:%Y-%m}"
    full = [m for m in monthly_flow(user=user, within=within) if m["month"] <= end]
    if full and full[-1]["month"] < end:  # quiet months to the end of the range
        stock = full[-1]["stock"]
        full += [{"month": month, "new": 0, "resolved": 0, "verified": 0, "stock": stock}
                 for month in _months_between(full[-1]["month"], end)[1:]]
    flow = [m for m in full if m["month"] >= f"{flt.start:%Y-%m}"]
    return {"total": stats["total"], "resolved": stats["resolved"],
            "resolution_rate": round(100 * stats["resolution_rate"], 1),
            "stock": full[-1]["stock"] if full else 0,
            "increment": sum(m["new"] for m in flow),
            "months": [m["month"] for m in flow], "new": [m["new"] for m in flow],
            "stock_by_month": [m["stock"] for m in flow],
            "by_unit": stats["by_unit"]}


def _months_between(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    out = []
    while (key := f"{year:04d}-{month:02d}") <= last:
        out.append(key)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def screening_figures(user, flt: DashboardFilters, today: date, units: list[OrgUnit]) -> dict:
    reporting = sorted((u for u in units if u.kind in OrgUnit.REPORTING_KINDS),
                       key=lambda u: (u.kind != OrgUnit.Kind.TOWNSHIP, u.kind, u.code))
    grid = year_grid_for(user=user, year=flt.end.year, today=today, units=reporting)
    labels = {state: str(label) for state, label in SCREENING_LEGEND}  # translated once
    rows = grid["rows"]
    if flt.unit is not None:
        rows = [r for r in rows if r["unit"].path.startswith(flt.unit.path)]
    return {"year": grid["year"], "reporting_rate": grid["reporting_rate"],
            "on_time_rate": grid["on_time_rate"], "due_months": grid["due_months"],
            "rows": [{"code": r["unit"].code, "name": r["unit"].name,
                      "states": [c["state"] for c in r["cells"]],
                      "cells": [{"state": c["state"], "label": labels.get(c["state"], "")}
                                for c in r["cells"]],
                      "reporting_rate": r["reporting_rate"], "on_time_rate": r["on_time_rate"]}
                     for r in rows]}


def supervision_figures(user, flt: DashboardFilters, today: date) -> dict:
    # order_list_for's scope without its target-number annotation (a join and two
    # subqueries the counts do not need).
    orders = scoped(SupervisionOrder.objects.all(), user)
    if flt.unit is not None:
        orders = orders.filter(org_unit__path__startswith=flt.unit.path)
    open_ = Q(status=SupervisionOrder.Status.OPEN)
    counts = orders.aggregate(open=Count("id", filter=open_),
                              overdue=Count("id", filter=open_ & Q(due_on__lt=today)))
    return counts


def assessment_ranking(user, flt: DashboardFilters) -> dict:
    """The latest month's ranking, in one query (the latest month is a subquery)."""
    latest = (AssessmentScore.objects.filter(period_kind="month")
              .order_by("-year", "-period").values("year", "period")[:1])
    scores = ranking_for(user=user, year=Subquery(latest.values("year")),
                         period=Subquery(latest.values("period")))
    if flt.unit is not None:
        scores = scores.filter(org_unit__path__startswith=flt.unit.path)
    rows = [{"rank": s.rank, "code": s.org_unit.code, "name": s.org_unit.name,
             "score": float(s.score), "year": s.year, "month": s.period} for s in scores]
    return {"rows": rows, "year": rows[0]["year"] if rows else None,
            "month": rows[0]["month"] if rows else None}


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _first_figures(totals: dict, pending: int, root: OrgUnit | None, children: list[OrgUnit],
                   by_child: dict[int, list[int]]) -> dict:
    """The first-petition panel from petition_panels' sums. Due: replied to, or past
    the handling due date without a reply. By unit: each unit below the root (its
    subtree), and the root itself with the rest of the scope (its own level, and for a
    clerk the petitions handed to the unit from elsewhere)."""
    entries = []
    rest_n, rest_repeats = totals["n"], totals["repeats"]
    for unit in children:
        n, repeats = by_child.get(unit.pk, (0, 0))
        rest_n, rest_repeats = rest_n - n, rest_repeats - repeats
        entries.append({"code": unit.code, "name": unit.name, "n": n, "repeats": repeats})
    if root is not None:
        entries.append({"code": root.code, "name": root.name, "n": rest_n,
                        "repeats": rest_repeats})
    by_unit = sorted(({**e, "repeat_rate": _rate(e["repeats"], e["n"])}
                      for e in entries if e["n"]),
                     key=lambda e: (-(e["repeat_rate"] or 0), e["code"]))
    due = totals["first_replied"] + pending
    return {"first": totals["first"], "due": due, "on_time": totals["first_on_time"],
            "on_time_rate": _rate(totals["first_on_time"], due),
            "closed": totals["first_closed"], "resolved": totals["first_resolved"],
            "resolution_rate": _rate(totals["first_resolved"], totals["first_closed"]),
            "repeat_rate": _rate(totals["repeats"], totals["n"]), "by_unit": by_unit}


def dashboard_figures(*, user, flt: DashboardFilters, today: date,
                      units: list[OrgUnit]) -> dict:
    """Every chart's data, cached for CACHE_SECONDS per scope and filters.
    `units` are the user's units in scope (accounts.scoping.units_for), read once."""
    key = flt.cache_key(user, today)
    figures = cache.get(key)
    if figures is None:
        panels = petition_panels(user, flt, today, units)
        figures = {
            "volume": panels["volume"],
            "breakdown": panels["breakdown"],
            "overdue": overdue_by_unit(user, flt, today, units),
            "first": panels["first"],
            "backlog": backlog_figures(user, flt),
            "screening": screening_figures(user, flt, today, units),
            "supervision": supervision_figures(user, flt, today),
            "receptions": panels["receptions"],
            "assessment": assessment_ranking(user, flt),
        }
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def todo_for(*, user, today: date) -> dict:
    """The unit's to-do list, never cached: five queries."""
    limit = due_soon_limit(today)
    # The steps the user's unit (or one of its villages) answers for, whoever
    # registered the petition: the city's own steps, not its townships'. Every case
    # handed over shows at once, however far its due date (issue 17, item 9).
    # The unit and its villages lie in the user's scope by their paths. Their ids as a
    # subquery, not an OR across the join: the OR hid the row count from PostgreSQL,
    # which then joined the registering units by nested loop (152 ms at 2M petitions).
    unit_id = user.org_unit_id or 0
    own = OrgUnit.objects.filter(Q(pk=unit_id) | Q(parent_id=unit_id,
                                                   kind=OrgUnit.Kind.VILLAGE)).values("pk")
    steps = list(Petition.objects.filter(current_due__isnull=False,
                                         responsible_unit_id__in=own)
                 .select_related("org_unit")
                 .filter(Q(current_due__lte=limit) | Q(status=Petition.Status.ASSIGNED)
                         | Q(extension_requested_days__gt=0, extended_days=0))
                 .order_by("current_due", "id")
                 .only("id", "number", "title", "status", "current_due", "org_unit__name",
                       "extension_requested_days", "extended_days")[:50])
    returned = list(ScreeningReport.objects.filter(
        org_unit_id=user.org_unit_id or 0, status=ScreeningReport.Status.RETURNED)
        .select_related("period").order_by("-period__year", "-period__month")[:12])
    # This month's period with the unit's report on it, in one query.
    reports = ScreeningReport.objects.filter(period=OuterRef("pk"),
                                             org_unit_id=user.org_unit_id or 0)
    period = (ScreeningPeriod.objects.filter(year=today.year, month=today.month)
              .annotate(report_id=Subquery(reports.values("id")[:1]),
                        report_status=Subquery(reports.values("status")[:1]),
                        report_submitted=Subquery(reports.values("first_submitted_at")[:1]),
                        report_late=Subquery(reports.values("late")[:1]))
              .first())
    orders = list(order_list_for(user=user, filters={"status": SupervisionOrder.Status.OPEN})
                  .order_by("due_on", "id")[:20])
    cases = list(case_list_for(user=user).filter(status__in=BacklogCase.OPEN_STATUSES)
                 .order_by("due_on", "id")[:20])
    return {"overdue": [p for p in steps if p.current_due and p.current_due < today],
            "due_soon": [p for p in steps if p.current_due and today <= p.current_due <= limit],
            "handed_over": [p for p in steps
                            if p.status == Petition.Status.ASSIGNED
                            and not (p.current_due and p.current_due <= limit)],
            "extensions": [p for p in steps if p.extension_pending] if has_role(user, LEADER)
            else [],
            "due_soon_limit": limit, "period": period, "returned": returned,
            "orders": orders, "backlog": cases, "today": today}


def city_todo_for(*, user, today: date) -> list[dict]:
    """The city officer's to-do: what waits for the city, as counts with links to the
    filtered lists. One query whatever the numbers (a SELECT of five counts)."""
    from django.db import connection
    from django.urls import reverse

    from screening.models import ScreeningEvent

    last_event = (ScreeningEvent.objects.filter(report=OuterRef("pk"))
                  .order_by("-at", "-id").values("action")[:1])
    # A registered petition's open step is its acceptance (current_due = acceptance_due,
    # never null), so the open-step rollup holds the count the list shows: a sum over a
    # few hundred rows, not an index scan over every registered petition (41 ms at 2M).
    waiting = _open_step_counts(user).filter(status=Petition.Status.REGISTERED)
    lines = [
        (_("Petitions waiting for acceptance"), sum_sql(waiting, "n"),
         reverse("petitions:list") + "?status=registered", "todo-accept"),
        (_("Resolved backlog cases waiting to be struck off"),
         count_sql(case_list_for(user=user).filter(status=BacklogCase.Status.RESOLVED)),
         reverse("backlog:index") + "?status=resolved", "todo-verify"),
        (_("Returned reports resubmitted"),
         # (a village's report returned by its township goes back to the township)
         count_sql(ScreeningReport.objects.filter(status=ScreeningReport.Status.SUBMITTED,
                                                  period__year=today.year,
                                                  org_unit__kind__in=OrgUnit.REPORTING_KINDS)
                   .annotate(last=Subquery(last_event)).filter(last="resubmit")),
         reverse("screening:index"), "todo-resubmitted"),
        (_("Orders responded, waiting to be closed"),
         count_sql(order_list_for(user=user,
                                  filters={"status": SupervisionOrder.Status.RESPONDED})),
         reverse("supervision:index") + "?status=responded", "todo-close"),
        (_("Escalated orders not yet closed"),
         count_sql(order_list_for(user=user, filters={"view": "escalated"}, today=today)),
         reverse("supervision:index") + "?view=escalated", "todo-escalated"),
    ]
    parts, params = [], []
    for _label, (sql, sql_params), _url, _testid in lines:
        parts.append(sql)
        params += sql_params
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        counts = cursor.fetchone()
    return [{"label": label, "count": count, "url": url, "testid": testid}
            for (label, _q, url, testid), count in zip(lines, counts, strict=True)]


# ------------------------------------------------------------ saved views (issue 19)

def saved_views_for(*, user) -> list[SavedView]:
    """The user's own saved views, each with `.url` (its list with its filters)."""
    from django.urls import reverse

    views = list(SavedView.objects.filter(user=user))
    for view in views:
        base = reverse(SavedView.LIST_URLS[view.list_name])
        view.url = f"{base}?{view.query}" if view.query else base
    return views

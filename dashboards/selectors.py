"""Reads behind the dashboards: set-based aggregates, never a query per unit or month.

Every figure is scoped like the list behind it (accounts.scoping / petition_scope)
and narrowed by the page's filters: a date range (`start`..`end`, on the date
that defines the figure: received_on for petitions) and a unit (its subtree).
The counts equal what the list shows when the chart is clicked through.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from accounts.roles import LEADER, has_role
from accounts.scoping import scope_path
from backlog.models import BacklogCase
from backlog.selectors import backlog_stats, case_list_for, monthly_flow
from dashboards.models import OpenStepCount, PetitionDayCount, PetitionMonthCount, SavedView
from petitions.models import Petition
from petitions.selectors import petition_scope
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


def _petitions(user, flt: DashboardFilters):
    """The petitions themselves, scoped (for the few figures the rollups do not keep)."""
    qs = petition_scope(Petition.objects.all(), user)
    if flt.unit is not None:
        qs = qs.filter(org_unit__path__startswith=flt.unit.path)
    return qs


def _open_steps(user, unit: OrgUnit | None = None):
    """Petitions whose current step is answered for by a unit in the user's scope
    (and under `unit`): the step's responsible unit, not the registering one."""
    qs = Petition.objects.filter(current_due__isnull=False)
    prefix = scope_path(user)
    if prefix is not None:
        qs = qs.filter(responsible_unit__path__startswith=prefix)
    if unit is not None:
        qs = qs.filter(responsible_unit__path__startswith=unit.path)
    return qs


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _open_step_counts(user, unit: OrgUnit | None = None):
    """`_open_steps` counted: the open-step rollup (dashboards.rollups) by responsible
    unit, due date and status, in the user's scope (and under `unit`)."""
    qs = OpenStepCount.objects.all()
    prefix = scope_path(user)
    if prefix is not None:
        qs = qs.filter(unit__path__startswith=prefix)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs


def _month_labels() -> list[str]:
    return [f"{m:02d}" for m in range(1, 13)]


def _counts(model, user, flt: DashboardFilters):
    """The rollup rows (dashboards.rollups) behind the user's petitions, narrowed by
    the page's unit: the petitions of petition_scope (and the unit filter), already
    counted.

    A unit filter is a unit of the user's scope, so "in scope and registered in the
    unit's subtree" is "registered in its subtree" (kind 'o'); without one, a clerk's
    scope is "registered or handled in the subtree" (kind 's'), the city's is every
    petition (kind 'o' of the top units)."""
    rows = model.objects.all()
    if flt.unit is not None:
        return rows.filter(kind=PetitionDayCount.Kind.REGISTERED, unit_id=flt.unit.pk)
    if scope_path(user) is None:
        return rows.filter(kind=PetitionDayCount.Kind.REGISTERED, unit__parent__isnull=True)
    if not user.org_unit_id:
        return rows.none()
    return rows.filter(kind=PetitionDayCount.Kind.VISIBLE, unit_id=user.org_unit_id)


def _whole_months(start: date, end: date) -> tuple[date, date] | None:
    """The first days of the first and last whole months inside start..end, if any."""
    first = start if start.day == 1 else (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    after_end = end + timedelta(days=1)
    last = (after_end.replace(day=1) - timedelta(days=1)).replace(day=1)
    return (first, last) if first <= last else None


def petition_figures(user, flt: DashboardFilters) -> tuple[dict, dict]:
    """Volume by month (this year against last), level-skipping and collective counts
    by month, and the channel and category breakdown of the date range: two queries on
    the rollups, the month rows (the volume and the range's whole months, at most
    months x 32 rows) and the day rows of the range's partial months at its ends."""
    year = flt.end.year
    first, last = date(year - 1, 1, 1), date(year, 12, 31)
    whole = _whole_months(flt.start, flt.end)
    in_range = Q(month__gte=whole[0], month__lte=whole[1]) if whole else Q(pk__in=[])
    months = (_counts(PetitionMonthCount, user, flt)
              .filter(month__gte=min(first, flt.start.replace(day=1)),
                      month__lte=max(last, flt.end))
              .values("month", "channel", "category")
              .annotate(total=Sum("n"), skip=Sum("skipping"), coll=Sum("collective"),
                        in_range=Coalesce(Sum("n", filter=in_range), 0))
              .order_by())
    days = _counts(PetitionDayCount, user, flt).filter(day__gte=flt.start, day__lte=flt.end)
    if whole:
        days = days.exclude(day__gte=whole[0], day__lt=_next_month(whole[1]))
    edges = days.values("channel", "category").annotate(in_range=Sum("n")).order_by()
    rows = [*months, *({**r, "month": None} for r in edges)]
    this, previous = [0] * 12, [0] * 12
    skipping, collective = [0] * 12, [0] * 12
    channels = dict.fromkeys(Petition.Channel.values, 0)
    categories = dict.fromkeys(Petition.Category.values, 0)
    # 进京 and 越级 in the range: counts for statistics (issue 20, item 10); the rollups
    # keep no level, so one aggregate over the range's petitions.
    levels = (_petitions(user, flt).filter(received_on__gte=flt.start, received_on__lte=flt.end)
              .aggregate(national=Count("id", filter=Q(level="national")),
                         skipping=Count("id", filter=Q(is_level_skipping=True))))
    national_in_range, skipping_in_range = levels["national"], levels["skipping"]
    for r in rows:
        month = r["month"]  # None: days at the range's ends, counted in the breakdown only
        index = month.month - 1 if month else 0
        if month and month.year == year:
            this[index] += r["total"]
            skipping[index] += r["skip"]
            collective[index] += r["coll"]
        elif month and month.year == year - 1:
            previous[index] += r["total"]
        channels[r["channel"]] = channels.get(r["channel"], 0) + r["in_range"]
        categories[r["category"]] = categories.get(r["category"], 0) + r["in_range"]
    volume = {"year": year, "months": _month_labels(), "this_year": this,
              "last_year": previous, "level_skipping": skipping, "collective": collective,
              "total_this_year": sum(this), "total_last_year": sum(previous),
              "national_in_range": national_in_range, "skipping_in_range": skipping_in_range}
    channel_labels = dict(Petition.Channel.choices)
    category_labels = dict(Petition.Category.choices)
    breakdown = {
        "channels": [{"key": k, "label": str(channel_labels.get(k, k)), "n": n}
                     for k, n in channels.items()],
        "categories": [{"key": k, "label": str(category_labels.get(k, k)), "n": n}
                       for k, n in sorted(categories.items(), key=lambda kv: -kv[1])],
        "total": sum(channels.values()),
    }
    return volume, breakdown


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
    rows = (_open_step_counts(user, flt.unit).filter(due__lt=today)
            .values(path=F("unit__path"), code=F("unit__code"), name=F("unit__name"))
            .annotate(steps=Sum("n")).filter(steps__gt=0).order_by())
    root = _rollup_root(units, flt)
    depth = root.count("/")
    by_path = {u.path: u for u in units}
    totals: dict[str, dict] = {}
    for r in rows:
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
    labels = dict(SCREENING_LEGEND)
    rows = grid["rows"]
    if flt.unit is not None:
        rows = [r for r in rows if r["unit"].path.startswith(flt.unit.path)]
    return {"year": grid["year"], "reporting_rate": grid["reporting_rate"],
            "on_time_rate": grid["on_time_rate"], "due_months": grid["due_months"],
            "rows": [{"code": r["unit"].code, "name": r["unit"].name,
                      "states": [c["state"] for c in r["cells"]],
                      "cells": [{"state": c["state"], "label": str(labels.get(c["state"], ""))}
                                for c in r["cells"]],
                      "reporting_rate": r["reporting_rate"], "on_time_rate": r["on_time_rate"]}
                     for r in rows]}


def leader_reception_figures(user, flt: DashboardFilters) -> dict:
    """Petitions received by leaders (领导接访) in the range, and how many are resolved
    (closed; with the petitioner satisfied or basically satisfied)."""
    qs = _petitions(user, flt).filter(channel=Petition.Channel.LEADER_RECEPTION,
                                      received_on__gte=flt.start, received_on__lte=flt.end)
    counts = qs.aggregate(
        received=Count("id"), closed=Count("id", filter=Q(status=Petition.Status.CLOSED)),
        satisfied=Count("id", filter=Q(status=Petition.Status.CLOSED, satisfaction__in=[
            Petition.Satisfaction.SATISFIED, Petition.Satisfaction.BASICALLY_SATISFIED])),
        days=Count("reception", distinct=True))
    counts["resolution_rate"] = (round(100 * counts["closed"] / counts["received"], 1)
                                 if counts["received"] else 0.0)
    return counts


def supervision_figures(user, flt: DashboardFilters, today: date) -> dict:
    orders = order_list_for(user=user)
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


# 初信初访 resolution: closed with satisfaction and no repeat within six months.
FIRST_RESOLUTION_DAYS = 183
SATISFIED = ("satisfied", "basically_satisfied")


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def first_petition_figures(user, flt: DashboardFilters, today: date,
                           units: list[OrgUnit]) -> dict:
    """First petitions (初信初访, issue 20 item 6) received in the range: the share
    accepted and answered on time, the share resolved (closed satisfied, no repeat
    within six months of closing), and the repeat rate by unit (repeats among all
    petitions received), rolled up like the overdue chart. One query."""
    repeated = Exists(Petition.objects.filter(
        repeat_of=OuterRef("pk"),
        received_on__lte=OuterRef("closed_on") + timedelta(days=FIRST_RESOLUTION_DAYS)))
    first = Q(is_first=True)
    due = first & Q(accepted_on__isnull=False) & (Q(replied_on__isnull=False)
                                                  | Q(handling_due__lt=today))
    rows = (_petitions(user, flt).filter(received_on__gte=flt.start, received_on__lte=flt.end)
            .annotate(repeated=repeated)
            .values(path=F("org_unit__path"), code=F("org_unit__code"), name=F("org_unit__name"))
            .annotate(n=Count("id"), repeats=Count("id", filter=Q(is_repeat=True)),
                      first=Count("id", filter=first),
                      due=Count("id", filter=due),
                      on_time=Count("id", filter=due & Q(accepted_on__lte=F("acceptance_due"),
                                                         replied_on__lte=F("handling_due"))),
                      closed=Count("id", filter=first & Q(closed_on__isnull=False)),
                      resolved=Count("id", filter=first & Q(closed_on__isnull=False,
                                                            satisfaction__in=SATISFIED,
                                                            repeated=False)))
            .order_by())
    root = _rollup_root(units, flt)
    depth = root.count("/")
    by_path = {u.path: u for u in units}
    totals: dict[str, dict] = {}
    keys = ("n", "repeats", "first", "due", "on_time", "closed", "resolved")
    for r in rows:
        path = r["path"]
        if path.startswith(root) and path != root:
            path = "/".join(path.split("/")[:depth + 1]) + "/"
        unit = by_path.get(path)
        code, name = (unit.code, unit.name) if unit else (r["code"], r["name"])
        entry = totals.setdefault(path, {"code": code, "name": name, **dict.fromkeys(keys, 0)})
        for k in keys:
            entry[k] += r[k]
    sums = {k: sum(e[k] for e in totals.values()) for k in keys}
    by_unit = sorted(({"code": e["code"], "name": e["name"], "n": e["n"],
                       "repeats": e["repeats"], "repeat_rate": _rate(e["repeats"], e["n"])}
                      for e in totals.values()), key=lambda e: (-(e["repeat_rate"] or 0), e["code"]))
    return {"first": sums["first"], "due": sums["due"], "on_time": sums["on_time"],
            "on_time_rate": _rate(sums["on_time"], sums["due"]), "closed": sums["closed"],
            "resolved": sums["resolved"], "resolution_rate": _rate(sums["resolved"], sums["closed"]),
            "repeat_rate": _rate(sums["repeats"], sums["n"]), "by_unit": by_unit}


def dashboard_figures(*, user, flt: DashboardFilters, today: date,
                      units: list[OrgUnit]) -> dict:
    """Every chart's data, cached for CACHE_SECONDS per scope and filters.
    `units` are the user's units in scope (accounts.scoping.units_for), read once."""
    key = flt.cache_key(user, today)
    figures = cache.get(key)
    if figures is None:
        volume, breakdown = petition_figures(user, flt)
        figures = {
            "volume": volume,
            "breakdown": breakdown,
            "overdue": overdue_by_unit(user, flt, today, units),
            "first": first_petition_figures(user, flt, today, units),
            "backlog": backlog_figures(user, flt),
            "screening": screening_figures(user, flt, today, units),
            "supervision": supervision_figures(user, flt, today),
            "receptions": leader_reception_figures(user, flt),
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
    unit_id = user.org_unit_id or 0
    own = Q(responsible_unit_id=unit_id) | Q(responsible_unit__parent_id=unit_id,
                                             responsible_unit__kind=OrgUnit.Kind.VILLAGE)
    steps = list(_open_steps(user).filter(own).select_related("org_unit")
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


def _count_sql(queryset) -> tuple[str, list]:
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return f"(SELECT COUNT(*) FROM ({sql}) AS c)", list(params)


def city_todo_for(*, user, today: date) -> list[dict]:
    """The city officer's to-do: what waits for the city, as counts with links to the
    filtered lists. One query whatever the numbers (a SELECT of five counts)."""
    from django.db import connection
    from django.urls import reverse

    from screening.models import ScreeningEvent

    last_event = (ScreeningEvent.objects.filter(report=OuterRef("pk"))
                  .order_by("-at", "-id").values("action")[:1])
    lines = [
        (_("Petitions waiting for acceptance"),
         petition_scope(Petition.objects.all(), user).filter(status=Petition.Status.REGISTERED),
         reverse("petitions:list") + "?status=registered", "todo-accept"),
        (_("Resolved backlog cases waiting to be struck off"),
         case_list_for(user=user).filter(status=BacklogCase.Status.RESOLVED),
         reverse("backlog:index") + "?status=resolved", "todo-verify"),
        (_("Returned reports resubmitted"),
         # (a village's report returned by its township goes back to the township)
         ScreeningReport.objects.filter(status=ScreeningReport.Status.SUBMITTED,
                                        period__year=today.year,
                                        org_unit__kind__in=OrgUnit.REPORTING_KINDS)
         .annotate(last=Subquery(last_event)).filter(last="resubmit"),
         reverse("screening:index"), "todo-resubmitted"),
        (_("Orders responded, waiting to be closed"),
         order_list_for(user=user, filters={"status": SupervisionOrder.Status.RESPONDED}),
         reverse("supervision:index") + "?status=responded", "todo-close"),
        (_("Escalated orders not yet closed"),
         order_list_for(user=user, filters={"view": "escalated"}, today=today),
         reverse("supervision:index") + "?view=escalated", "todo-escalated"),
    ]
    parts, params = [], []
    for _label, queryset, _url, _testid in lines:
        sql, sql_params = _count_sql(queryset)
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

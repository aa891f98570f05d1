"""The unit assessment (信访工作目标管理考核): scores from traced deductions.

Each rule has a *source*: a function `(start, end) -> iterable of
(org_unit_path, on, ref, label)`, one row per record that costs points. A
unit's score is the base (100) plus the points of every record of its subtree
in the period, and each deduction names its record (`ref`, "type:id").

Sources are set-based: one query per rule for the whole year, bucketed into
months, quarters and the year in Python; never a query per unit.

Hooks for apps built in parallel (see docs/decisions.md, Supervision):
- `report_late`: the screening app registers `@source("report_late")`
  yielding late reports; until then the rule deducts nothing.
- "reported beforehand": the screening app registers
  `@reported_beforehand_hook` returning the ids of level-skipping petitions
  whose matter appeared in the unit's screening before the petition; those
  cost nothing. Until then every level-skipping petition counts.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction

from accounts.models import OrgUnit
from alerts.digests import reporting_unit_path as _reporting_unit_path
from alerts.models import Alert
from supervision.models import AssessmentRule, AssessmentScore, Notice

Row = tuple[str, date, str, str]  # (org unit path, date, ref, label)
_sources: dict[str, Callable[[date, date], Iterable[Row]]] = {}
_reported_beforehand: list[Callable[[list[int]], set[int]]] = []


def source(code: str):
    def decorator(func):
        _sources[code] = func
        return func
    return decorator


def reported_beforehand_hook(func):
    if func not in _reported_beforehand:
        _reported_beforehand.append(func)
    return func


def _alert_source(kind: str, target_type: str):
    def rows(start: date, end: date) -> Iterable[Row]:
        alerts = (Alert.objects.filter(kind=kind, raised_on__gte=start, raised_on__lte=end)
                  .values_list("org_unit__path", "raised_on", "target_id", "due_on"))
        for path, raised_on, target_id, due_on in alerts.iterator():
            yield path, raised_on, f"{target_type}:{target_id}", f"due {due_on.isoformat()}"
    return rows


source("petition_overdue")(_alert_source(Alert.Kind.PETITION_OVERDUE, "petition"))
source("report_missing")(_alert_source(Alert.Kind.REPORT_MISSING, "screening_period"))
source("supervision_overdue")(_alert_source(Alert.Kind.SUPERVISION_OVERDUE,
                                            "supervision_order"))


@source("notice")
def _notices(start: date, end: date) -> Iterable[Row]:
    notices = (Notice.objects.filter(published_on__gte=start, published_on__lte=end)
               .values_list("org_unit__path", "published_on", "pk", "title"))
    for path, on, pk, title in notices.iterator():
        yield path, on, f"notice:{pk}", title


@source("level_skipping_unreported")
def _level_skipping(start: date, end: date) -> Iterable[Row]:
    from petitions.models import Petition
    petitions = list(Petition.objects.filter(is_level_skipping=True, received_on__gte=start,
                                             received_on__lte=end)
                     .values_list("pk", "org_unit__path", "received_on", "number"))
    excused: set[int] = set()
    for hook in _reported_beforehand:
        excused |= hook([p[0] for p in petitions])
    for pk, path, on, number in petitions:
        if pk not in excused:
            yield path, on, f"petition:{pk}", number


def periods_of(day: date) -> list[tuple[str, int]]:
    return [(AssessmentScore.PeriodKind.MONTH, day.month),
            (AssessmentScore.PeriodKind.QUARTER, (day.month - 1) // 3 + 1),
            (AssessmentScore.PeriodKind.YEAR, 0)]


def compute_year(year: int, *, until: date) -> dict[tuple[str, int], dict[int, dict]]:
    """{(period_kind, period): {unit_id: {"score", "deductions"}}} for `year` up to `until`."""
    units = {u.path: u.pk for u in OrgUnit.objects.filter(
        kind__in=OrgUnit.REPORTING_KINDS, is_active=True).only("pk", "path")}
    rules = {r.code: r for r in AssessmentRule.objects.filter(active=True)}
    start, end = date(year, 1, 1), min(date(year, 12, 31), until)
    buckets: dict[tuple[str, int], dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for code, rule in rules.items():
        rows = _sources.get(code)
        if rows is None:
            continue
        points = float(rule.points)
        for path, on, ref, label in rows(start, end):
            unit_id = units.get(_reporting_unit_path(path))
            if unit_id is None:
                continue  # the city itself is not assessed
            item = {"rule": code, "points": points, "ref": ref, "on": on.isoformat(),
                    "label": label}
            for period in periods_of(on):
                buckets[period][unit_id].append(item)
    periods = {(AssessmentScore.PeriodKind.MONTH, m) for m in range(1, end.month + 1)}
    periods |= {(AssessmentScore.PeriodKind.QUARTER, q) for q in range(1, (end.month - 1) // 3 + 2)}
    periods.add((AssessmentScore.PeriodKind.YEAR, 0))
    result = {}
    for period in periods:
        per_unit = buckets.get(period, {})
        result[period] = {}
        for unit_id in units.values():
            deductions = sorted(per_unit.get(unit_id, []), key=lambda d: (d["on"], d["ref"]))
            score = Decimal(AssessmentRule.BASE_SCORE) + sum(
                (Decimal(str(d["points"])) for d in deductions), Decimal(0))
            result[period][unit_id] = {"score": score, "deductions": deductions}
    return result


def rank(scores: dict[int, dict]) -> None:
    """Competition ranking (1, 2, 2, 4): equal scores share a rank."""
    ordered = sorted(scores.items(), key=lambda item: -item[1]["score"])
    previous, current = None, 0
    for position, (_unit, entry) in enumerate(ordered, start=1):
        if entry["score"] != previous:
            current, previous = position, entry["score"]
        entry["rank"] = current


@transaction.atomic
def assessment_recompute(*, as_of: date, periods: list[tuple[str, int]] | None = None
                         ) -> list[str]:
    """Upsert the scores of the month, quarter and year containing `as_of` (or
    the given periods of its year). Returns one line per period whose scores
    changed, so a rerun on the same data returns nothing."""
    wanted = set(periods or periods_of(as_of))
    computed = compute_year(as_of.year, until=as_of)
    existing = {(s.org_unit_id, s.period_kind, s.period): (s.score, s.rank, s.deductions)
                for s in AssessmentScore.objects.filter(year=as_of.year)}
    to_save, lines = [], []
    for period, scores in computed.items():
        if period not in wanted:
            continue
        rank(scores)
        changed = 0
        for unit_id, entry in scores.items():
            key = (unit_id, period[0], period[1])
            value = (entry["score"], entry["rank"], entry["deductions"])
            if existing.get(key) == value:
                continue
            changed += 1
            to_save.append(AssessmentScore(org_unit_id=unit_id, period_kind=period[0],
                                           year=as_of.year, period=period[1],
                                           score=entry["score"], rank=entry["rank"],
                                           deductions=entry["deductions"]))
        if changed:
            lines.append(f"assessment {as_of.year} {period[0]} {period[1]}: "
                         f"{changed} unit scores updated")
    AssessmentScore.objects.bulk_create(
        to_save, update_conflicts=True,
        unique_fields=["org_unit", "period_kind", "year", "period"],
        update_fields=["score", "rank", "deductions", "computed_at"], batch_size=500)
    return lines

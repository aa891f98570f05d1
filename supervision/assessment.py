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
  `@reported_beforehand_hook`, given the level-skipping petitions as rows
  (id, org unit path, category, received_on), returning the ids of those
  whose matter appeared in the unit's screening before the petition; those
  cost nothing. Until then every level-skipping petition counts.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import OrgUnit
from alerts.digests import reporting_unit_path as _reporting_unit_path
from alerts.models import Alert
from backlog.models import BacklogCase, BacklogEvent
from backlog.selectors import DONE
from petitions.models import Petition
from supervision.models import AssessmentRule, AssessmentScore, Notice, SupervisionOrder

Row = tuple[str, date, str, str]  # (org unit path, date, ref, label)
_sources: dict[str, Callable[[date, date], Iterable[Row]]] = {}
# A level-skipping petition as the hooks see it: (id, org unit path, category, received_on).
SkippingRow = tuple[int, str, str, date]
_reported_beforehand: list[Callable[[list[SkippingRow]], set[int]]] = []


def source(code: str):
    def decorator(func):
        _sources[code] = func
        return func
    return decorator


def reported_beforehand_hook(func):
    if func not in _reported_beforehand:
        _reported_beforehand.append(func)
    return func


def _alert_source(kind: str, target_type: str, number=None, live=None):
    """Deductions for lateness alerts, dated on the day the duty fell due (`due_on`),
    not the day the job noticed: a step due in January costs January's score, even
    when the job first ran in November. `number` is a subquery giving the record's
    own number for the label."""
    def rows(start: date, end: date) -> Iterable[Row]:
        alerts = Alert.objects.filter(kind=kind, due_on__gte=start, due_on__lte=end)
        if live is not None:  # e.g. a voided petition's lateness no longer counts
            alerts = alerts.filter(Exists(live.filter(pk=OuterRef("target_id"))))
        if number is not None:
            alerts = alerts.annotate(number=number)
        fields = ["org_unit__path", "due_on", "target_id"]
        for row in alerts.values_list(*fields, *(["number"] if number is not None else []))\
                .iterator():
            path, due_on, target_id = row[:3]
            label = f"{row[3] or ''} {due_on.isoformat()}".strip() if number is not None \
                else due_on.isoformat()
            yield path, due_on, f"{target_type}:{target_id}", label
    return rows


def _number_of(model, field: str = "number"):
    return Subquery(model.objects.filter(pk=OuterRef("target_id")).values(field)[:1])


source("petition_overdue")(_alert_source(Alert.Kind.PETITION_OVERDUE, "petition",
                                         _number_of(Petition), live=Petition.objects.all()))
source("supervision_overdue")(_alert_source(Alert.Kind.SUPERVISION_OVERDUE,
                                            "supervision_order", _number_of(SupervisionOrder)))
source("backlog_overdue")(_alert_source(Alert.Kind.BACKLOG_OVERDUE, "backlog_case",
                                        _number_of(BacklogCase)))
# report_missing and report_late: screening/assessment.py (a late report replaces
# the missing one).


@source("backlog_returned")
def _backlog_returned(start: date, end: date) -> Iterable[Row]:
    """A resolution the city returned as not resolved (case_reopen), on the day it
    was returned, charged to the case's unit."""
    events = (BacklogEvent.objects.filter(action="reopen", at__date__gte=start,
                                          at__date__lte=end)
              .values_list("case__org_unit__path", "at", "case_id", "case__number"))
    for path, at, case_id, number in events.iterator():
        yield path, timezone.localdate(at), f"backlog_case:{case_id}", number


@source("backlog_rate_below_target")
def _backlog_rate(start: date, end: date) -> Iterable[Row]:
    """At the end of a campaign (its `ends_on`, inside the assessed range), each unit
    whose resolution rate (resolved or verified by then / all its cases of the
    campaign; villages count to their township) is below the campaign's target."""
    cases = (BacklogCase.objects.filter(campaign__ends_on__gte=start, campaign__ends_on__lte=end)
             .values_list("campaign_id", "campaign__name", "campaign__ends_on",
                          "campaign__target_rate", "org_unit__path")
             .annotate(n=Count("id"), done=Count("id", filter=Q(
                 status__in=DONE,
                 resolved_on__lte=F("campaign__ends_on"))))
             .order_by())
    totals: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for campaign_id, name, ends_on, target, path, n, done in cases:
        entry = totals[(campaign_id, name, ends_on, target, _reporting_unit_path(path))]
        entry[0] += n
        entry[1] += done
    for (campaign_id, name, ends_on, target, path), (n, done) in sorted(totals.items()):
        rate = Decimal(100) * done / n
        if rate < target:
            yield (path, ends_on, f"campaign:{campaign_id}",
                   f"{name} {rate:.1f}% < {target.normalize():f}%")


@source("feedback_late")
def _feedback_late(start: date, end: date) -> Iterable[Row]:
    """A case from above (上级交办) whose result was fed back after the upper office's
    deadline, or not at all by the end of the range; dated on the deadline and
    charged to the handling unit (the registering unit until assigned)."""
    petitions = (Petition.objects
                 .filter(source=Petition.Source.UPPER, feedback_due__gte=start,
                         feedback_due__lte=end)
                 .filter(Q(feedback_on__gt=F("feedback_due"))
                         | Q(feedback_on__isnull=True, feedback_due__lt=end))
                 .exclude(status__in=[Petition.Status.DECLINED, Petition.Status.FORWARDED])
                 .annotate(unit_path=Coalesce("handling_unit__path", "org_unit__path"))
                 .values_list("unit_path", "feedback_due", "pk", "number"))
    for path, due, pk, number in petitions.iterator():
        yield path, due, f"petition:{pk}", f"{number} {due.isoformat()}"


@source("notice")
def _notices(start: date, end: date) -> Iterable[Row]:
    notices = (Notice.objects.filter(published_on__gte=start, published_on__lte=end)
               .values_list("org_unit__path", "published_on", "pk", "title"))
    for path, on, pk, title in notices.iterator():
        yield path, on, f"notice:{pk}", title


@source("level_skipping_unreported")
def _level_skipping(start: date, end: date) -> Iterable[Row]:
    # One read of the year's level-skipping petitions (petition_level_skipping
    # index) serves the rule and the hooks alike (issue 21).
    rows = list(Petition.objects.filter(is_level_skipping=True, received_on__gte=start,
                                        received_on__lte=end)
                .values_list("pk", "org_unit__path", "category", "received_on", "number"))
    excused: set[int] = set()
    for hook in _reported_beforehand:
        excused |= hook([row[:4] for row in rows])
    for pk, path, _category, on, number in rows:
        if pk not in excused:
            yield path, on, f"petition:{pk}", number


@source("first_petition_late")
def _first_petition_late(start: date, end: date) -> Iterable[Row]:
    """A first petition (初信初访) not accepted or not answered on time, on the day it
    was answered, charged to its unit (issue 20, item 6)."""
    petitions = (Petition.objects.filter(is_first=True, replied_on__gte=start,
                                         replied_on__lte=end)
                 .filter(Q(accepted_on__gt=F("acceptance_due"))
                         | Q(replied_on__gt=F("handling_due")))
                 .values_list("pk", "org_unit__path", "replied_on", "number"))
    for pk, path, on, number in petitions.iterator():
        yield path, on, f"petition:{pk}", number


FIRST_RESOLUTION_DAYS = 183


@source("first_petition_repeated")
def _first_petition_repeated(start: date, end: date) -> Iterable[Row]:
    """A first petition the same person brought again while it was open or within six
    months of closing: not resolved at the first line. Dated on the repeat's receipt,
    charged to the first petition's unit, naming the first petition."""
    repeats = (Petition.objects.filter(is_repeat=True, repeat_of__is_first=True,
                                       received_on__gte=start, received_on__lte=end)
               .values_list("repeat_of_id", "repeat_of__org_unit__path", "received_on",
                            "repeat_of__number", "repeat_of__closed_on"))
    seen: set[int] = set()
    for first_id, path, on, number, closed_on in repeats.iterator():
        late = closed_on is not None and (on - closed_on).days > FIRST_RESOLUTION_DAYS
        if late or first_id in seen:
            continue  # one deduction per first petition
        seen.add(first_id)
        yield path, on, f"petition:{first_id}", number


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
        if rows is None or rule.points == 0:
            continue  # a weight of 0 (the default of the first-petition rules) counts nothing
        points = float(rule.points)
        for path, on, ref, label in rows(start, end):
            unit_id = units.get(_reporting_unit_path(path))
            if unit_id is None:
                continue  # the city itself is not assessed
            item = {"rule": code, "rule_label": rule.label, "points": points, "ref": ref,
                    "on": on.isoformat(), "label": label}
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
    changed, so a rerun on the same data returns nothing.

    Deductions are dated when their duty fell due, so a lateness found today can
    belong to an earlier month: without explicit `periods`, the year's periods
    already scored are refreshed too (only the rows that change are written)."""
    existing = {(s.org_unit_id, s.period_kind, s.period): (s.score, s.rank, s.deductions)
                for s in AssessmentScore.objects.filter(year=as_of.year)}
    wanted = set(periods or periods_of(as_of))
    if not periods:
        wanted |= {(kind, period) for _unit, kind, period in existing
                   if kind != AssessmentScore.PeriodKind.MONTH or period <= as_of.month}
    computed = compute_year(as_of.year, until=as_of)
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

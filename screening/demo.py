"""Demo screening data: a year of periods and reports, some zero, late, missing,
returned, with a few high-risk items (seed_demo, order 20). Idempotent."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from core.dates import local_today
from core.demo import register
from screening.jobs import flag_missing_reports
from screening.models import Category, ScreeningReport
from screening.services import (
    ItemData,
    next_month,
    screening_period_ensure,
    screening_report_create,
    screening_report_return,
    units_expected,
)
from screening.villages import expected_for

SAMPLES = [
    (Category.LAND_DEMOLITION, "村民对征地补偿标准有异议", "东风村村民", 6),
    (Category.LABOR_SOCIAL_SECURITY, "建筑工地农民工工资拖欠", "某建筑公司务工人员", 12),
    (Category.ENVIRONMENT, "养殖场异味扰民", "周边居民", 4),
    (Category.URBAN_CONSTRUCTION, "小区物业与业主停车费纠纷", "小区业主", 20),
    (Category.RURAL_AFFAIRS, "土地承包经营权边界争议", "两户村民", 2),
    (Category.ENTERPRISE_RESTRUCTURING, "改制企业职工社保接续", "原厂职工", 15),
    (Category.LAW_LITIGATION, "对民事判决执行不满", "当事人一家", 3),
    (Category.OTHER, "邻里宅基地通道纠纷", "相邻两户", 2),
]


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 30)))


def _items(rng: random.Random) -> list[ItemData]:
    items = []
    for category, description, parties, people in rng.sample(SAMPLES, rng.randint(1, 3)):
        risk = rng.choices(["low", "medium", "high"], weights=[6, 3, 1])[0]
        items.append(ItemData(category=category, description=description, parties=parties,
                              people_involved=people, risk_level=risk,
                              measures="已约谈双方，包案干部跟进调处", resolved=rng.random() < 0.5))
    return items


@register(20, "screening reports")
def seed_screening(*, password: str, stdout, today: date | None = None) -> None:
    today = today or local_today()
    year, month = today.year - 1, today.month
    periods = []
    for _ in range(14):  # the past twelve months, this month and next
        periods.append(screening_period_ensure(year=year, month=month)[0])
        year, month = next_month(year, month)
    city = User.objects.filter(username="city").first()
    clerks = {u.org_unit_id: u for u in User.objects.filter(username__startswith="clerk_")}
    done = set(ScreeningReport.objects.values_list("period_id", "org_unit_id"))
    # The villages first: they file to their township before it files upward.
    created = _seed_villages(periods, done, clerks, today)
    for unit in units_expected().order_by("code"):
        clerk = clerks.get(unit.pk)
        if clerk is None:
            continue
        for period in periods:
            if (period.pk, unit.pk) in done or period.opens_on > today:
                continue
            rng = random.Random(f"screening-{unit.code}-{period.label}")  # same story each run
            roll = rng.random()
            if period.due_on >= today:  # this month: about half have filed already
                if roll < 0.5:
                    continue
                filed_on = today
            elif roll < 0.05:
                continue  # missing
            elif roll < 0.17:
                filed_on = period.due_on + timedelta(days=rng.randint(1, 6))
            else:
                filed_on = period.due_on - timedelta(days=rng.randint(0, 12))
            filed_on = min(filed_on, today)
            zero = rng.random() < 0.45
            # The method stated for the period and who screened (四个统一, issue 20 item 4);
            # chosen by the period so the random story of each report stays the same.
            method = period.methods[(period.month + len(unit.code)) % len(period.methods)]
            report = screening_report_create(
                actor=clerk, period=period, org_unit=unit, zero_report=zero,
                items=[] if zero else _items(rng), now=_at(filed_on), method=method,
                screened_by=f"{unit.name}综治办、信访办" + ("、各村（社区）调解委员会"
                                                       if unit.kind == "township" else ""))
            created += 1
            if city and roll > 0.92 and not zero:
                screening_report_return(report_id=report.pk, actor=city,
                                        reason="风险等级与化解措施不对应，请核实后重新报送")
    lines = flag_missing_reports(as_of=today)
    stdout.write(f"screening: {len(periods)} periods, {created} new reports, "
                 f"{len(lines)} missing-report alerts")


VILLAGE_RETURN = "第2项化解措施未写明责任人和时限，请补充后重新报送"


def _seed_villages(periods, done, clerks, today) -> int:
    """城关镇's three villages (issue 20, item 5): 东风村 files every month, 红旗社区's
    last report due is returned by the township, 新民村 is missing that month."""
    village_clerks = list(User.objects.filter(username__startswith="village_")
                          .select_related("org_unit").order_by("username"))
    due = [p for p in periods if p.due_on < today]
    last_due = due[-1] if due else None
    created = 0
    for number, clerk in enumerate(village_clerks):
        village = clerk.org_unit
        for period in periods:
            if ((period.pk, village.pk) in done or period.opens_on > today
                    or not expected_for(clerk.date_joined, period)):
                continue
            if period == last_due and number == 2:
                continue  # missing: the alert reminds the village, the township sees it
            if period.due_on >= today and number != 0:
                continue  # this month only 东风村 has filed so far
            rng = random.Random(f"screening-{village.code}-{period.label}")
            zero = rng.random() < 0.4 and not (period == last_due and number == 1)
            filed_on = min(period.due_on - timedelta(days=rng.randint(5, 9)), today)
            report = screening_report_create(
                actor=clerk, period=period, org_unit=village, zero_report=zero,
                items=[] if zero else _items(rng)[:2], now=_at(filed_on),
                method=period.methods[0], screened_by=f"{village.name}调解委员会、网格员")
            created += 1
            township_clerk = clerks.get(village.parent_id)
            if period == last_due and number == 1 and township_clerk:
                screening_report_return(report_id=report.pk, actor=township_clerk,
                                        reason=VILLAGE_RETURN,
                                        today=min(filed_on + timedelta(days=2), today))
    return created

"""The benchmark data set of performance.md (`python manage.py seed_bench`).

Every table is written with bulk inserts: COPY on PostgreSQL, executemany
elsewhere (the tests' SQLite). Primary keys are assigned here, so events can
point at their petition without reading anything back, and the sequences are
moved past them at the end. Each section checks its own table first, so a
second run on a seeded database writes nothing.
"""

import calendar
import io
import json
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Max

from accounts import roles
from accounts.models import OrgUnit, User
from accounts.services import roles_sync
from backlog.models import BacklogCase, BacklogEvent, Campaign
from common.crypto import encrypt, keyed_hash
from common.dates import local_today
from petitions.idnumbers import check_digit, mask_id_number
from petitions.models import (
    Petition,
    PetitionCounter,
    Petitioner,
    PetitionEvent,
    PetitionPetitioner,
)
from screening.models import (
    Category,
    ScreeningEvent,
    ScreeningItem,
    ScreeningPeriod,
    ScreeningReport,
    ScreeningSettings,
)
from supervision.models import SupervisionEvent, SupervisionOrder

DEFAULTS = {"townships": 30, "departments": 10, "villages": 400, "users": 1000,
            "petitions": 200_000, "events_per_petition": 5, "repeat_share": 0.30,
            "open_share": 0.12, "units": 40, "months": 60, "backlog": 2000,
            "risks": 1000, "orders": 5000, "start_year": 2022}
PASSWORD = "bench-pass-2026"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红梅海波"
TOWN_WORDS = ["城关", "东城", "西城", "南湖", "北山", "青石", "白沙", "河口", "柳林", "高新",
              "桃源", "石桥", "龙潭", "凤山", "金溪", "银湖", "松岗", "杏花", "梅岭", "竹园",
              "长乐", "永安", "太平", "新华", "和平", "红星", "光明", "胜利", "团结", "前进"]
DEPT_WORDS = ["住房和城乡建设局", "人力资源和社会保障局", "生态环境局", "自然资源和规划局",
              "国有资产监督管理委员会", "公安局", "教育局", "卫生健康委员会", "交通运输局",
              "市场监督管理局"]
TITLES = {
    "land_demolition": ["征地补偿标准争议", "房屋拆迁安置问题", "宅基地确权纠纷"],
    "environment": ["工厂噪声扰民", "河道污染投诉", "餐饮油烟扰民"],
    "labor_social_security": ["拖欠农民工工资", "社保缴费年限认定", "工伤认定争议"],
    "enterprise_restructuring": ["改制企业职工安置", "企业改制遗留养老问题"],
    "urban_construction": ["小区物业管理纠纷", "道路施工影响出行", "违章建筑举报"],
    "rural_affairs": ["土地承包经营权纠纷", "村务公开问题", "农村低保评定"],
    "law_litigation": ["判决执行难", "涉法涉诉申诉"],
    "other": ["咨询政策", "其他诉求"],
}
CATEGORY_WEIGHTS = [("land_demolition", 18), ("environment", 12), ("labor_social_security", 20),
                    ("enterprise_restructuring", 5), ("urban_construction", 18),
                    ("rural_affairs", 12), ("law_litigation", 7), ("other", 8)]
CHANNEL_WEIGHTS = [("letter", 20), ("visit", 35), ("online", 35), ("phone", 10)]
LEVEL_WEIGHTS = [("local", 72), ("city", 18), ("province", 8), ("national", 2)]
# Non-open outcomes of older petitions; open steps are drawn separately.
DONE_WEIGHTS = [("closed", 70), ("replied", 8), ("reviewed", 4), ("rechecked", 2),
                ("declined", 8), ("forwarded", 8)]
OPEN_WEIGHTS = [("registered", 25), ("accepted", 15), ("assigned", 35), ("under_review", 15),
                ("under_recheck", 10)]
SATISFACTION = ["satisfied", "satisfied", "basically_satisfied", "dissatisfied", ""]
CONTENT = "来访人反映相关问题，请求依法依规予以处理并答复。"


def _pick(rng, weighted):
    total = sum(w for _v, w in weighted)
    x = rng.random() * total
    for value, weight in weighted:
        x -= weight
        if x < 0:
            return value
    return weighted[-1][0]


# ------------------------------------------------------------------ bulk writing

def _pg() -> bool:
    return connection.vendor == "postgresql"


def _text(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    value = str(value)
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = (value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                 .replace("\r", "\\r"))
    return value


def _adapt(value):
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def bulk_insert(model, fields: list[str], rows) -> int:
    """Insert tuples (in `fields` order, attnames) into the model's table."""
    table = connection.ops.quote_name(model._meta.db_table)
    by_attname = {f.attname: f.column for f in model._meta.concrete_fields}
    columns = [by_attname[f] for f in fields]
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if _pg():
            buffer = io.StringIO()
            for row in rows:
                buffer.write("\t".join(_text(v) for v in row))
                buffer.write("\n")
                count += 1
            buffer.seek(0)
            cursor.cursor.copy_expert(f"COPY {table} ({cols}) FROM STDIN", buffer)
        else:
            marks = ", ".join(["%s"] * len(columns))
            batch = []
            for row in rows:
                batch.append([_adapt(v) for v in row])
                count += 1
            cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", batch)
    return count


def _next_id(model) -> int:
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _reset_sequences(*models) -> None:
    if not _pg():
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"COALESCE((SELECT MAX(id) FROM {table}), 1))")


def _at(day: date, rng, tz) -> datetime:
    return datetime.combine(day, time(8 + rng.randrange(10), rng.randrange(60)), tzinfo=tz)


# ------------------------------------------------------------------ sections

def seed_org(opts, out) -> dict:
    roles_sync()
    units = {u.code: u for u in OrgUnit.objects.all()}
    city = units.get("C00")
    if city is None:
        city = OrgUnit(code="C00", name="市信访局", kind=OrgUnit.Kind.CITY)
        city.save()
    new = []

    def want(code, name, kind, parent):
        if code not in units:
            unit = OrgUnit(code=code, name=name, kind=kind, parent=parent,
                           path=f"{parent.path}{code}/")
            units[code] = unit
            new.append(unit)

    towns = [f"T{n:02d}" for n in range(1, opts["townships"] + 1)]
    for n, code in enumerate(towns):
        want(code, f"{TOWN_WORDS[n % len(TOWN_WORDS)]}镇" + (str(n // 30) if n >= 30 else ""),
             OrgUnit.Kind.TOWNSHIP, city)
    for n in range(1, opts["departments"] + 1):
        want(f"D{n:02d}", "市" + DEPT_WORDS[(n - 1) % len(DEPT_WORDS)]
             + (str(n // 10) if n > 10 else ""), OrgUnit.Kind.DEPARTMENT, city)
    OrgUnit.objects.bulk_create(new)
    new = []
    per_town = max(1, opts["villages"] // max(1, len(towns)))
    extra = opts["villages"] - per_town * len(towns)
    for t, code in enumerate(towns):
        for v in range(1, per_town + (1 if t < extra else 0) + 1):
            want(f"{code}V{v:02d}", f"{units[code].name[:2]}第{v}村", OrgUnit.Kind.VILLAGE,
                 units[code])
    OrgUnit.objects.bulk_create(new)
    reporting = list(OrgUnit.objects.filter(kind__in=OrgUnit.REPORTING_KINDS,
                                            is_active=True).order_by("code"))
    villages = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.VILLAGE).order_by("code"))

    existing = set(User.objects.values_list("username", flat=True))
    groups = {g.name: g.pk for g in Group.objects.all()}
    wanted = [("city", city, roles.CITY_OFFICER), ("supervisor", city, roles.SUPERVISOR)]
    for unit in reporting:
        wanted += [(f"clerk_{unit.code}", unit, roles.CLERK),
                   (f"leader_{unit.code}", unit, roles.LEADER)]
    for unit in villages:
        wanted.append((f"clerk_{unit.code}", unit, roles.CLERK))
    n = 0
    while len(wanted) < opts["users"]:
        unit = reporting[n % len(reporting)]
        wanted.append((f"staff_{unit.code}_{n:04d}", unit, roles.CLERK))
        n += 1
    wanted = wanted[:max(opts["users"], 2 + 2 * len(reporting))]
    password = make_password(PASSWORD)
    users, links = [], []
    for username, unit, role in wanted:
        if username in existing:
            continue
        users.append(User(username=username, password=password, org_unit=unit,
                          full_name=f"{unit.name}{username.split('_')[0]}"))
        links.append(role)
    if users:
        User.objects.bulk_create(users, batch_size=2000)
        ids = dict(User.objects.filter(username__in=[u.username for u in users])
                   .values_list("username", "pk"))
        through = User.groups.through
        through.objects.bulk_create(
            [through(user_id=ids[u.username], group_id=groups[role])
             for u, role in zip(users, links, strict=True)], batch_size=5000)
    out(f"org units: {OrgUnit.objects.count()}, users: {User.objects.count()} "
        f"({len(users)} new)")
    clerks = list(User.objects.filter(groups__name=roles.CLERK,
                                      org_unit__kind__in=OrgUnit.REPORTING_KINDS)
                  .values_list("pk", "org_unit_id"))
    leaders = dict(User.objects.filter(groups__name=roles.LEADER)
                   .values_list("org_unit_id", "pk"))
    villages_of = {}
    for v in villages:
        villages_of.setdefault(v.parent_id, []).append(v.pk)
    return {"city": city, "reporting": reporting, "villages_of": villages_of,
            "clerks": clerks, "leaders": leaders,
            "city_user": User.objects.get(username="city").pk}


def _id_number(rng, seen) -> str:
    while True:
        birth = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 60))
        first17 = f"{rng.choice(['110101', '320102', '440305', '510104', '330106'])}" \
                  f"{birth:%Y%m%d}{rng.randrange(1000):03d}"
        if first17 not in seen:
            seen.add(first17)
            return first17 + check_digit(first17)


def _chain(rng, status, received):
    """The step dates leading to `status`, received on `received` (calendar days)."""
    d = {"received_on": received, "acceptance_due": received + timedelta(days=15)}
    if status == "registered":
        d["current_due"] = d["acceptance_due"]
        return d
    if status == "declined":
        d["declined_on"] = received + timedelta(days=rng.randint(1, 14))
        return d
    if status == "forwarded":
        d["forwarded_on"] = received + timedelta(days=rng.randint(1, 14))
        return d
    acc = received + timedelta(days=rng.randint(1, 14))
    d["accepted_on"] = acc
    ext = rng.choice([15, 20, 30]) if rng.random() < 0.08 else 0
    d["extended_days"] = ext
    d["handling_due"] = acc + timedelta(days=60 + ext)
    if status == "accepted":
        d["current_due"] = d["handling_due"]
        return d
    d["assigned_on"] = acc + timedelta(days=rng.randint(0, 3))
    if status == "assigned":
        d["current_due"] = d["handling_due"]
        return d
    rep = d["assigned_on"] + timedelta(days=rng.randint(5, 55))
    d["replied_on"] = rep
    d["review_request_due"] = rep + timedelta(days=30)
    review = status in ("under_review", "reviewed", "under_recheck", "rechecked") or (
        status == "closed" and rng.random() < 0.12)
    last = rep
    if review:
        d["review_requested_on"] = rep + timedelta(days=rng.randint(1, 29))
        d["review_due"] = d["review_requested_on"] + timedelta(days=30)
        if status == "under_review":
            d["current_due"] = d["review_due"]
            return d
        d["review_replied_on"] = d["review_requested_on"] + timedelta(days=rng.randint(5, 29))
        d["recheck_request_due"] = d["review_replied_on"] + timedelta(days=30)
        last = d["review_replied_on"]
        recheck = status in ("under_recheck", "rechecked") or (
            status == "closed" and rng.random() < 0.25)
        if recheck:
            d["recheck_requested_on"] = last + timedelta(days=rng.randint(1, 29))
            d["recheck_due"] = d["recheck_requested_on"] + timedelta(days=30)
            if status == "under_recheck":
                d["current_due"] = d["recheck_due"]
                return d
            d["recheck_replied_on"] = d["recheck_requested_on"] + timedelta(
                days=rng.randint(5, 29))
            last = d["recheck_replied_on"]
    if status == "closed":
        d["closed_on"] = last + timedelta(days=rng.randint(0, 30))
    return d


STEP_EVENTS = [("accepted_on", "accept", "registered", "accepted"),
               ("assigned_on", "assign", "accepted", "assigned"),
               ("replied_on", "reply", "assigned", "replied"),
               ("review_requested_on", "request_review", "replied", "under_review"),
               ("review_replied_on", "review_reply", "under_review", "reviewed"),
               ("recheck_requested_on", "request_recheck", "reviewed", "under_recheck"),
               ("recheck_replied_on", "recheck_reply", "under_recheck", "rechecked")]


def seed_petitions(opts, org, out) -> None:
    total = opts["petitions"]
    have = Petition.objects.count()
    if have >= total:
        out(f"petitions: {have} already there, nothing to do")
        return
    n = total - have
    rng = random.Random(20260001 + have)
    tz = ZoneInfo(settings.TIME_ZONE)
    today = local_today()
    start = date(opts["start_year"], 1, 1)
    span = (today - start).days
    rows = []  # dicts of the varying fields; constants are filled when writing
    for _ in range(n):
        if rng.random() < opts["open_share"]:
            status = _pick(rng, OPEN_WEIGHTS)
            overdue = rng.random() < 1 / 3
            d = _chain(rng, status, today)
            target = (today - timedelta(days=rng.randint(1, 150)) if overdue
                      else today + timedelta(days=rng.randint(0, 14)))
            shift = target - d["current_due"]
            d = {k: (v + shift if isinstance(v, date) else v) for k, v in d.items()}
            if d["received_on"] < start:
                d = {k: (v + (start - d["received_on"]) if isinstance(v, date) else v)
                     for k, v in d.items()}
        else:
            received = start + timedelta(days=rng.randrange(span))
            status = _pick(rng, DONE_WEIGHTS)
            d = _chain(rng, status, received)
            last = max(v for v in d.values() if isinstance(v, date) and v != d.get(
                "review_request_due") and v != d.get("recheck_request_due")
                and v != d.get("handling_due") and v != d.get("acceptance_due")
                and v != d.get("review_due") and v != d.get("recheck_due"))
            if last > today:
                status = rng.choice(["declined", "forwarded"])
                d = _chain(rng, status, min(received, today - timedelta(days=15)))
        d["status"] = status
        rows.append(d)
    rows.sort(key=lambda r: r["received_on"])

    # Petitioners: a pool, each encrypted once; 30% of petitions come from
    # someone who petitioned before (same category: a repeat).
    seen: set[str] = set()
    next_petitioner = _next_id(Petitioner)
    pool_rows = []
    used: list[int] = []
    last_of: dict[int, tuple[int, str, bool]] = {}
    pid = _next_id(Petition)
    counters = dict(PetitionCounter.objects.values_list("year", "last"))
    reporting = org["reporting"]
    weights = [3 if u.kind == OrgUnit.Kind.TOWNSHIP else 1 for u in reporting]
    cum = []
    acc = 0
    for w in weights:
        acc += w
        cum.append(acc)
    clerks_by_unit = {}
    for uid, unit_id in org["clerks"]:
        clerks_by_unit.setdefault(unit_id, []).append(uid)
    links = []
    events = []
    now = datetime.now(tz)
    for r in rows:
        r["id"] = pid
        year = r["received_on"].year
        counters[year] = counters.get(year, 0) + 1
        r["number"] = f"XF-{year}-{counters[year]:06d}"
        unit = reporting[_bisect(cum, rng.random() * acc)]
        r["org_unit_id"] = unit.pk
        villages = org["villages_of"].get(unit.pk)
        if r["status"] not in ("registered", "declined", "forwarded", "accepted"):
            r["handling_unit_id"] = (rng.choice(villages) if villages and rng.random() < 0.4
                                     else unit.pk)
        if used and rng.random() < opts["repeat_share"]:
            who = rng.choice(used)
            earlier_id, category, final = last_of[who]
            r["category"] = category
            r["is_repeat"], r["repeat_of_id"], r["is_first"] = True, earlier_id, False
            r["not_acceptable_again"] = final
        else:
            who = next_petitioner
            next_petitioner += 1
            used.append(who)
            number = _id_number(rng, seen)
            pool_rows.append((who, rng.choice(SURNAMES) + rng.choice(GIVEN)
                              + (rng.choice(GIVEN) if rng.random() < 0.6 else ""),
                              encrypt(number), keyed_hash(number), mask_id_number(number),
                              f"13{rng.randrange(10**9):09d}", f"{unit.name}某路{rng.randint(1, 300)}号",
                              now))
            r["category"] = _pick(rng, CATEGORY_WEIGHTS)
        last_of[who] = (pid, r["category"], "recheck_replied_on" in r
                        or bool(r.get("not_acceptable_again")))
        links.append((pid, who, 0))
        r["channel"] = _pick(rng, CHANNEL_WEIGHTS)
        r["level"] = _pick(rng, LEVEL_WEIGHTS)
        x = rng.random()
        r["headcount"] = 1 if x < 0.88 else (rng.randint(2, 4) if x < 0.96 else rng.randint(5, 40))
        r["title"] = rng.choice(TITLES[r["category"]])
        clerk = rng.choice(clerks_by_unit.get(unit.pk) or [org["city_user"]])
        r["created_by_id"] = clerk
        r["created_at"] = _at(r["received_on"], rng, tz)
        # Events: registration, each step taken, the end, then ID reveals.
        events.append((pid, r["created_at"], clerk, "register", "", "registered"))
        prev = "registered"
        for field, action, frm, to in STEP_EVENTS:
            if field in r:
                events.append((pid, _at(r[field], rng, tz), clerk, action, frm, to))
                prev = to
        if r.get("extended_days"):
            events.append((pid, _at(r["accepted_on"] + timedelta(days=20), rng, tz), clerk,
                           "extend", "accepted", "accepted"))
        for field, to in (("declined_on", "declined"), ("forwarded_on", "forwarded"),
                          ("closed_on", "closed")):
            if field in r:
                events.append((pid, _at(r[field], rng, tz), clerk, to[:-1] if to != "closed"
                               else "close", prev, to))
                prev = to
        r["updated_at"] = events[-1][1]
        pid += 1

    # Pad with ID reveals to about `events_per_petition` each.
    want = opts["events_per_petition"] * n
    while len(events) < want:
        r = rows[rng.randrange(n)]
        events.append((r["id"], _at(r["updated_at"].date(), rng, tz), r["created_by_id"],
                       "reveal_id", r["status"], r["status"]))

    p_fields = ["id", "number", "channel", "received_on", "org_unit_id", "handling_unit_id",
                "category", "title", "content", "headcount", "level", "is_collective",
                "is_level_skipping", "is_repeat", "repeat_of_id", "is_first",
                "not_acceptable_again", "status", "deadline_policy", "acceptance_due",
                "handling_due", "extended_days", "review_request_due", "review_due",
                "recheck_request_due", "recheck_due", "current_due", "accepted_on",
                "declined_on", "decline_reason", "forwarded_on", "forward_agency",
                "assigned_on", "extension_reason", "replied_on", "reply_opinion",
                "review_requested_on", "review_replied_on", "review_opinion",
                "recheck_requested_on", "recheck_replied_on", "recheck_opinion", "closed_on",
                "satisfaction", "created_by_id", "created_at", "updated_at"]

    def petition_rows(chunk):
        for r in chunk:
            level = r["level"]
            yield (r["id"], r["number"], r["channel"], r["received_on"], r["org_unit_id"],
                   r.get("handling_unit_id"), r["category"], r["title"], CONTENT,
                   r["headcount"], level, r["headcount"] >= Petition.COLLECTIVE_HEADCOUNT,
                   level in ("province", "national") and not r.get("is_repeat"),
                   bool(r.get("is_repeat")), r.get("repeat_of_id"),
                   not r.get("is_repeat"), bool(r.get("not_acceptable_again")),
                   r["status"], "calendar", r["acceptance_due"], r.get("handling_due"),
                   r.get("extended_days", 0), r.get("review_request_due"),
                   r.get("review_due"), r.get("recheck_request_due"), r.get("recheck_due"),
                   r.get("current_due"), r.get("accepted_on"), r.get("declined_on"),
                   "不属于信访受理范围" if "declined_on" in r else "",
                   r.get("forwarded_on"), "有权处理机关" if "forwarded_on" in r else "",
                   r.get("assigned_on"), "情况复杂需延期" if r.get("extended_days") else "",
                   r.get("replied_on"), "经调查核实，已依法答复。" if "replied_on" in r else "",
                   r.get("review_requested_on"), r.get("review_replied_on"),
                   "维持原处理意见。" if "review_replied_on" in r else "",
                   r.get("recheck_requested_on"), r.get("recheck_replied_on"),
                   "维持复查意见。" if "recheck_replied_on" in r else "", r.get("closed_on"),
                   rng.choice(SATISFACTION) if "closed_on" in r else "",
                   r["created_by_id"], r["created_at"], r["updated_at"])

    with transaction.atomic():
        bulk_insert(Petitioner, ["id", "name", "id_number_encrypted", "id_hash", "id_masked",
                                 "phone", "address", "created_at"], pool_rows)
        for chunk in range(0, n, 50_000):
            bulk_insert(Petition, p_fields, petition_rows(rows[chunk:chunk + 50_000]))
        link_id = _next_id(PetitionPetitioner)
        bulk_insert(PetitionPetitioner, ["id", "petition_id", "petitioner_id", "position"],
                    ((link_id + i, *link) for i, link in enumerate(links)))
        event_id = _next_id(PetitionEvent)
        for chunk in range(0, len(events), 250_000):
            bulk_insert(PetitionEvent, ["id", "petition_id", "at", "actor_id", "action",
                                        "from_status", "to_status", "note", "data"],
                        ((event_id + chunk + i, e[0], e[1], e[2], e[3], e[4], e[5], "", {})
                         for i, e in enumerate(events[chunk:chunk + 250_000])))
        for year, last in counters.items():
            PetitionCounter.objects.update_or_create(year=year, defaults={"last": last})
        _reset_sequences(Petitioner, Petition, PetitionPetitioner, PetitionEvent)
    out(f"petitions: {n} new ({len(pool_rows)} petitioners, {len(events)} events)")


def _bisect(cum, x):
    lo, hi = 0, len(cum) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] > x:
            hi = mid
        else:
            lo = mid + 1
    return lo


def seed_screening(opts, org, out) -> None:
    units = org["reporting"][:opts["units"]]
    if ScreeningReport.objects.count() >= len(units) * opts["months"] * 0.9:
        out("screening: already seeded, nothing to do")
        return
    rng = random.Random(20260002)
    tz = ZoneInfo(settings.TIME_ZONE)
    today = local_today()
    conf = ScreeningSettings.current()
    months = []
    y, m = today.year, today.month
    for _ in range(opts["months"]):
        months.append((y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    periods = {}
    for y, m in reversed(months):
        due = date(y, m, min(conf.due_day, calendar.monthrange(y, m)[1]))
        periods[(y, m)], _c = ScreeningPeriod.objects.get_or_create(
            year=y, month=m, defaults={"opens_on": date(y, m, 1), "due_on": due,
                                       "locks_on": due + timedelta(days=conf.lock_days)})
    existing = set(ScreeningReport.objects.values_list("period_id", "org_unit_id"))
    clerk_of = {}
    for uid, unit_id in org["clerks"]:
        clerk_of.setdefault(unit_id, uid)
    report_id, item_id, event_id = (_next_id(ScreeningReport), _next_id(ScreeningItem),
                                    _next_id(ScreeningEvent))
    reports, items, events = [], [], []
    cats = [c for c, _l in Category.choices]
    for period in periods.values():
        for unit in units:
            if (period.pk, unit.pk) in existing or rng.random() < 0.03:
                continue
            if period.due_on >= today and rng.random() < 0.5:
                continue  # this month's: half the units have not filed yet
            late = rng.random() < 0.10 and period.due_on < today
            day = (period.due_on + timedelta(days=rng.randint(1, 4)) if late
                   else period.due_on - timedelta(days=rng.randint(0, 10)))
            day = min(day, today)
            at = _at(day, rng, tz)
            zero = rng.random() < 0.3
            clerk = clerk_of.get(unit.pk)
            reports.append((report_id, period.pk, unit.pk, zero, "submitted", at, at, late, "",
                            at, clerk))
            if not zero:
                for _ in range(rng.randint(1, 11)):
                    items.append((item_id, report_id, rng.choice(cats), "群众反映矛盾纠纷线索",
                                  "当事双方", rng.randint(1, 30),
                                  rng.choice(["low", "low", "medium", "high"]),
                                  "已安排专人稳控化解", rng.random() < 0.6))
                    item_id += 1
            events.append((event_id, report_id, at, clerk, "create", "", "draft", "", {}))
            events.append((event_id + 1, report_id, at, clerk, "submit", "draft", "submitted",
                           "", {}))
            event_id += 2
            report_id += 1
    with transaction.atomic():
        bulk_insert(ScreeningReport, ["id", "period_id", "org_unit_id", "zero_report", "status",
                                      "submitted_at", "first_submitted_at", "late",
                                      "returned_reason", "created_at", "created_by_id"], reports)
        bulk_insert(ScreeningItem, ["id", "report_id", "category", "description", "parties",
                                    "people_involved", "risk_level", "measures", "resolved"],
                    items)
        bulk_insert(ScreeningEvent, ["id", "report_id", "at", "actor_id", "action",
                                     "from_status", "to_status", "note", "data"], events)
        _reset_sequences(ScreeningReport, ScreeningItem, ScreeningEvent)
    out(f"screening: {len(periods)} periods, {len(reports)} reports, {len(items)} items")


def seed_backlog(opts, org, out) -> None:
    total = opts["backlog"]
    if BacklogCase.objects.count() >= total:
        out("backlog: already seeded, nothing to do")
        return
    rng = random.Random(20260003)
    tz = ZoneInfo(settings.TIME_ZONE)
    today = local_today()
    campaigns = {}
    for year in range(opts["start_year"], today.year + 1):
        campaigns[year], _c = Campaign.objects.get_or_create(
            name=f"{year}年信访积案化解专项行动", year=year,
            defaults={"starts_on": date(year, 3, 1), "ends_on": date(year, 12, 31)})
    units = org["reporting"]
    petitions = list(Petition.objects.filter(status__in=("replied", "reviewed", "rechecked"))
                     .values_list("pk", "org_unit_id", "title")[: total])
    case_id, event_id = _next_id(BacklogCase), _next_id(BacklogEvent)
    cases, events = [], []
    n = total - BacklogCase.objects.count()
    for i in range(n):
        year = rng.choice(list(campaigns))
        campaign = campaigns[year]
        assigned = min(campaign.starts_on + timedelta(days=rng.randint(0, 60)), today)
        due = assigned + timedelta(days=rng.choice([90, 120, 180]))
        if i < len(petitions):
            petition_id, unit_id, title = petitions[i]
        else:
            petition_id, unit_id, title = None, rng.choice(units).pk, "历史信访积案"
        old = year < today.year
        status = (rng.choice(["verified"] * 8 + ["resolved", "in_progress"]) if old else
                  rng.choice(["assigned", "plan_submitted", "in_progress", "in_progress",
                              "resolved", "verified"]))
        plan_on = assigned + timedelta(days=rng.randint(3, 20)) if status != "assigned" else None
        resolved = (plan_on + timedelta(days=rng.randint(20, 80))
                    if status in ("resolved", "verified") else None)
        if resolved and resolved > today:
            resolved = today
        verified = (min(resolved + timedelta(days=rng.randint(1, 20)), today)
                    if status == "verified" else None)
        if plan_on and plan_on > today:
            plan_on = today
        at = _at(assigned, rng, tz)
        cases.append((case_id, campaign.pk, petition_id, title, unit_id,
                      org["leaders"].get(unit_id), due, status,
                      "制定化解方案" if plan_on else "", plan_on, resolved,
                      "已化解" if resolved else "", verified, "", assigned, org["city_user"],
                      at, at))
        events.append((event_id, case_id, org["city_user"], "assign", "", "assigned", "", at))
        event_id += 1
        case_id += 1
    with transaction.atomic():
        bulk_insert(BacklogCase, ["id", "campaign_id", "petition_id", "title", "org_unit_id",
                                  "leader_id", "due_on", "status", "plan", "plan_submitted_on",
                                  "resolved_on", "outcome", "verified_on", "return_reason",
                                  "assigned_on", "created_by_id", "created_at", "updated_at"],
                    cases)
        bulk_insert(BacklogEvent, ["id", "case_id", "actor_id", "action", "from_status",
                                   "to_status", "note", "at"], events)
        _reset_sequences(BacklogCase, BacklogEvent)
    out(f"backlog: {len(cases)} cases")


def seed_orders(opts, org, out) -> None:
    total = opts["orders"]
    if SupervisionOrder.objects.count() >= total:
        out("supervision: already seeded, nothing to do")
        return
    rng = random.Random(20260004)
    tz = ZoneInfo(settings.TIME_ZONE)
    today = local_today()
    n = total - SupervisionOrder.objects.count()
    targets = list(Petition.objects.order_by("?").values_list("pk", "org_unit_id", "number",
                                                              "received_on")[:n]) \
        if not _pg() else _sample_petitions(n)
    order_id, event_id = _next_id(SupervisionOrder), _next_id(SupervisionEvent)
    orders, events = [], []
    for pk, unit_id, number, received in targets:
        issued = min(received + timedelta(days=rng.randint(10, 60)), today)
        due = issued + timedelta(days=rng.choice([7, 15, 30]))
        status = "open" if due >= today - timedelta(days=30) and rng.random() < 0.6 else \
            rng.choice(["closed", "closed", "responded"])
        responded = (min(issued + timedelta(days=rng.randint(1, 25)), today)
                     if status != "open" else None)
        closed = (min(responded + timedelta(days=rng.randint(0, 10)), today)
                  if status == "closed" else None)
        at = _at(issued, rng, tz)
        orders.append((order_id, f"DB-{issued.year}-{order_id:06d}", "petition", pk, pk,
                       number, unit_id, rng.choice(["general"] * 6 + ["key", "listed"]), due,
                       "请按期办结并报送结果。", status, "none", None,
                       "已按要求办理" if responded else "", responded,
                       org["leaders"].get(unit_id) if responded else None, issued,
                       org["city_user"], closed, at))
        events.append((event_id, order_id, at, org["city_user"], "issue", "", "open", "", {}))
        event_id += 1
        order_id += 1
    with transaction.atomic():
        bulk_insert(SupervisionOrder, ["id", "number", "target_type", "target_id", "petition_id",
                                       "target_label", "org_unit_id", "level", "due_on",
                                       "instructions", "status", "escalation", "escalated_on",
                                       "response_note", "responded_on", "responded_by_id",
                                       "issued_on", "issued_by_id", "closed_on", "created_at"],
                    orders)
        bulk_insert(SupervisionEvent, ["id", "order_id", "at", "actor_id", "action",
                                       "from_status", "to_status", "note", "data"], events)
        _reset_sequences(SupervisionOrder, SupervisionEvent)
    out(f"supervision: {len(orders)} orders")


def _sample_petitions(n):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, org_unit_id, number, received_on FROM petitions_petition "
                       "ORDER BY md5(id::text) LIMIT %s", [n])
        return cursor.fetchall()


def seed_risks(opts, org, out) -> None:
    from stability.models import RiskMatter

    total = opts["risks"]
    existing = RiskMatter.objects.count()
    if existing >= total:
        out("risk matters: already seeded, nothing to do")
        return
    rng = random.Random(20260004)
    today = local_today()
    categories = ["land_demolition", "environment", "labor_social_security",
                  "enterprise_restructuring", "urban_construction", "rural_affairs"]
    units = [u for u in org["reporting"] if org["leaders"].get(u.pk)]
    matters = []
    for _i in range(total - existing):
        unit = rng.choice(units)
        opened = today - timedelta(days=rng.randint(0, 5 * 365))
        status = rng.choice(["resolved"] * 6 + ["in_progress"] * 3 + ["open"])
        resolved = (min(opened + timedelta(days=rng.randint(10, 200)), today)
                    if status == "resolved" else None)
        matters.append(RiskMatter(
            title=f"{unit.name}{rng.choice(['征地补偿', '企业欠薪', '污染投诉', '改制遗留'])}矛盾",
            category=rng.choice(categories), org_unit_id=unit.pk,
            people_involved="相关群众", people_count=rng.randint(3, 80),
            risk_level=rng.choice(["low", "medium", "medium", "high"]),
            leader_id=org["leaders"][unit.pk], plan="包案化解，定期回访", status=status,
            source="direct", opened_on=opened, resolved_on=resolved,
            outcome="已化解" if resolved else "", created_by_id=org["city_user"]))
    RiskMatter.objects.bulk_create(matters, batch_size=1000)
    out(f"risk matters: {len(matters)}")


def seed_bench(*, out=print, **overrides) -> dict:
    opts = {**DEFAULTS, **{k: v for k, v in overrides.items() if v is not None}}
    org = seed_org(opts, out)
    seed_petitions(opts, org, out)
    seed_screening(opts, org, out)
    seed_backlog(opts, org, out)
    seed_risks(opts, org, out)
    seed_orders(opts, org, out)
    if _pg():
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # visibility map: index-only counts
    return dataset_counts()


def dataset_counts() -> dict:
    return {
        "org_units": OrgUnit.objects.count(),
        "reporting_units": OrgUnit.objects.filter(kind__in=OrgUnit.REPORTING_KINDS).count(),
        "users": User.objects.count(),
        "petitions": Petition.objects.count(),
        "open_petitions": Petition.objects.filter(current_due__isnull=False).count(),
        "overdue_petitions": Petition.objects.filter(current_due__lt=local_today()).count(),
        "repeat_petitions": Petition.objects.filter(is_repeat=True).count(),
        "petitioners": Petitioner.objects.count(),
        "petition_events": PetitionEvent.objects.count(),
        "screening_reports": ScreeningReport.objects.count(),
        "screening_items": ScreeningItem.objects.count(),
        "backlog_cases": BacklogCase.objects.count(),
        "risk_matters": apps.get_model("stability", "RiskMatter").objects.count(),
        "supervision_orders": SupervisionOrder.objects.count(),
    }

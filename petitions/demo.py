"""A year of plausible petitions for the demo (api.md, seed_demo), built through the services."""

import random
from datetime import date, timedelta

from accounts.models import OrgUnit, User
from core.crypto import encrypt, keyed_hash
from core.dates import local_today
from core.demo import register
from petitions import deadlines as dl
from petitions import services as sv
from petitions.idnumbers import check_digit, mask_id_number
from petitions.models import (
    Petition,
    PetitionCounter,
    Petitioner,
    PetitionPetitioner,
    new_query_code,
)
from petitions.search import petition_search_refresh

TITLES = {
    "land_demolition": ["征地补偿款未足额发放", "房屋拆迁安置不到位", "宅基地被占用"],
    "environment": ["养殖场污水直排河道", "工厂夜间噪音扰民", "垃圾中转站异味"],
    "labor_social_security": ["工地拖欠农民工工资", "社保断缴无法补缴", "工伤认定争议"],
    "enterprise_restructuring": ["企业改制职工身份置换补偿", "原国企退休人员待遇"],
    "urban_construction": ["小区物业管理混乱", "道路施工影响出行", "违章建筑遮挡采光"],
    "rural_affairs": ["土地流转租金未兑现", "村务公开不及时", "灌溉水渠年久失修"],
    "law_litigation": ["法院判决执行不到位", "不服行政处罚决定"],
    "other": ["反映办事窗口服务态度", "咨询政策落实情况"],
}
NAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建国", "秀英", "志强", "桂兰", "海涛", "丽娟", "国华", "春梅", "德明", "玉珍"]


def _id(rng, serial):
    first17 = f"3{rng.randint(10000, 99999)}{rng.randint(1950, 2000)}{rng.randint(1, 12):02d}" \
              f"{rng.randint(1, 28):02d}{serial % 1000:03d}"
    return first17 + check_digit(first17)


def _advance(rng, p, clerk, leader, today):
    """Walk the petition some way along its lifecycle, never past today."""
    def day(after, lo, hi):
        d = after + timedelta(days=rng.randint(lo, hi))
        return d if d <= today else None

    roll = rng.random()
    on = day(p.received_on, 1, 12 if roll > 0.1 else 25)
    if on is None or roll < 0.04:
        return  # left registered (some of them overdue)
    if roll < 0.09:
        sv.petition_decline(petition_id=p.pk, actor=clerk, on=on, reason="不属于信访受理范围，已告知依法途径。")
        return
    if roll < 0.13:
        sv.petition_forward(petition_id=p.pk, actor=clerk, on=on, agency="市中级人民法院")
        return
    sv.petition_accept(petition_id=p.pk, actor=clerk, on=on)
    if rng.random() < 0.1 and leader:
        sv.petition_extend(petition_id=p.pk, actor=leader, days=rng.choice([15, 30]),
                           reason="涉及多个部门，需进一步调查核实。")
    on = day(on, 15, 75 if rng.random() < 0.15 else 55)
    if on is None:
        return  # still being handled; some past due
    sv.petition_reply(petition_id=p.pk, actor=clerk, on=on, opinion="经调查核实，已督促责任单位整改，并书面答复信访人。")
    if rng.random() < 0.15:
        review = day(on, 5, 25)
        if review is None:
            return
        sv.petition_request_review(petition_id=p.pk, actor=clerk, on=review)
        answered = day(review, 10, 28)
        if answered is None:
            return
        sv.petition_review_reply(petition_id=p.pk, actor=clerk, on=answered, opinion="复查维持原处理意见。")
        on = answered
    close = day(on, 31, 40)
    if close is not None:
        sv.petition_close(petition_id=p.pk, actor=clerk, on=close,
                          satisfaction=rng.choice(["satisfied", "satisfied", "basically_satisfied",
                                                   "dissatisfied"]))


@register(10, "petitions")
def seed_petitions(*, password: str, stdout, today: date | None = None) -> None:
    today = today or local_today()
    # The previous year's history (seed_previous_year) may be there already.
    if Petition.objects.filter(received_on__gt=today - timedelta(days=370)).exists():
        stdout.write("petitions: already seeded")
        return
    rng = random.Random(2026)
    units = list(OrgUnit.objects.filter(kind__in=OrgUnit.REPORTING_KINDS).order_by("code"))
    users = {u.username: u for u in User.objects.filter(username__startswith="clerk_")
             | User.objects.filter(username__startswith="leader_")}
    city = User.objects.filter(username="city").first()
    people = [(rng.choice(NAMES) + rng.choice(GIVEN), _id(rng, i)) for i in range(160)]
    for i in range(300):
        unit = rng.choice(units)
        clerk = users.get(f"clerk_{unit.code}") or city
        category = rng.choice(list(TITLES))
        # About a third come back from earlier petitioners: repeats.
        who = [rng.choice(people[:40]) if rng.random() < 0.3 else rng.choice(people)]
        headcount = rng.choice([1] * 12 + [2, 3, 6, 12])
        received = today - timedelta(days=int(365 * (1 - i / 300)) + rng.randint(0, 3))
        # A few townships' matters reach the city office first: registered at city level,
        # the township is told (issue 20, item 7).
        above = city is not None and i % 40 == 7 and unit.kind == OrgUnit.Kind.TOWNSHIP
        p = sv.petition_register(
            actor=city if above else clerk,
            org_unit=city.org_unit if above and city else unit,
            matter_unit=unit if above else None, channel=rng.choice(["letter", "visit", "visit", "online", "phone"]),
            received_on=received, category=category,
            title=rng.choice(TITLES[category]),
            content="信访人反映：" + rng.choice(TITLES[category]) + "，请求有关部门依法处理。",
            headcount=headcount, level=rng.choice(["local"] * 8 + ["city", "city", "province",
                                                                 "national"]),
            petitioners=[{"name": n, "id_number": num, "phone": f"139{rng.randint(10**7, 10**8 - 1)}",
                          "address": unit.name} for n, num in who],
            today=received)  # registered on the day it came in, not a late entry
        _advance(rng, p, city if above else clerk,
                 None if above else users.get(f"leader_{unit.code}"), today)
    stdout.write(f"petitions: {Petition.objects.count()}")


PREVIOUS_YEAR_COUNT = 280


@register(9, "previous year's petitions")
def seed_previous_year(*, password: str, stdout, today: date | None = None) -> None:
    """A full previous year (January up to the months the main seeder covers) of
    closed petitions, so the dashboards' comparison line has figures (issue 17).

    Set-based: a few bulk inserts whatever the count, with the XF numbers reserved
    as one block of the year's counter. Runs before `seed_petitions`, so on a fresh
    database the year's numbers follow the received dates. They are finished cases
    without a timeline (the demo's history, not its work)."""
    today = today or local_today()
    year = today.year - 1
    first = date(year, 1, 1)
    # The main seeder covers the 369 days up to today; stop before them.
    last = min(date(year, 12, 31), today - timedelta(days=370))
    if last < first or Petition.objects.filter(received_on__gte=first,
                                               received_on__lte=last).exists():
        stdout.write("previous year's petitions: already seeded")
        return
    rng = random.Random(2025)
    units = list(OrgUnit.objects.filter(kind__in=OrgUnit.REPORTING_KINDS).order_by("code"))
    if not units:
        return
    city = User.objects.filter(username="city").first()
    clerks = {u.org_unit_id: u for u in User.objects.filter(username__startswith="clerk_")}
    people = _previous_year_people(rng)
    span = (last - first).days
    days = sorted(first + timedelta(days=rng.randint(0, span)) for _i in range(PREVIOUS_YEAR_COUNT))
    numbers = _reserve_numbers(year, len(days))
    petitions, who = [], []
    for received, number in zip(days, numbers, strict=True):
        unit = rng.choice(units)
        category = rng.choice(list(TITLES))
        title = rng.choice(TITLES[category])
        headcount = rng.choice([1] * 12 + [2, 3, 6, 12])
        level = rng.choice(["local"] * 8 + ["city", "city", "province", "national"])
        accepted = received + timedelta(days=rng.randint(1, 10))
        replied = accepted + timedelta(days=rng.randint(15, 55))
        closed = replied + timedelta(days=rng.randint(31, 40))
        petitions.append(Petition(
            number=number, query_code=new_query_code(),
            channel=rng.choice(["letter", "visit", "visit", "online", "phone"]),
            received_on=received, org_unit=unit, handling_unit=unit, responsible_unit=unit,
            category=category, title=title,
            content="信访人反映：" + title + "，请求有关部门依法处理。", headcount=headcount,
            level=level, is_collective=headcount >= Petition.COLLECTIVE_HEADCOUNT,
            is_level_skipping=level in ("province", "national"),
            status=Petition.Status.CLOSED,
            acceptance_due=dl.deadline_after(received, dl.ACCEPTANCE_DAYS, "calendar"),
            handling_due=dl.deadline_after(accepted, dl.HANDLING_DAYS, "calendar"),
            accepted_on=accepted, assigned_on=accepted, replied_on=replied,
            reply_opinion="经调查核实，已督促责任单位整改，并书面答复信访人。",
            closed_on=closed,
            satisfaction=rng.choice(["satisfied", "satisfied", "basically_satisfied",
                                     "dissatisfied"]),
            created_by=clerks.get(unit.pk) or city))
        who.append((rng.choice(people), unit.name))
    Petition.objects.bulk_create(petitions, batch_size=500)
    PetitionPetitioner.objects.bulk_create(
        [PetitionPetitioner(petition=p, petitioner=person, position=0,
                            phone=person.phone, address=address)
         for p, (person, address) in zip(petitions, who, strict=True)], batch_size=500)
    # Found by search like every other petition (numbers, names, content).
    petition_search_refresh(petition_ids=[p.pk for p in petitions])
    stdout.write(f"previous year's petitions: {len(petitions)}")


def _previous_year_people(rng) -> list[Petitioner]:
    """60 petitioners of the previous year (created once, with their documents)."""
    rows = []
    for i in range(60):
        number = _id(rng, 500 + i)
        rows.append(Petitioner(
            name=rng.choice(NAMES) + rng.choice(GIVEN), id_hash=keyed_hash(number),
            id_number_encrypted=encrypt(number), id_masked=mask_id_number(number),
            phone=f"138{rng.randint(10**7, 10**8 - 1)}"))
    hashes = [r.id_hash for r in rows]
    known = {p.id_hash: p for p in Petitioner.objects.filter(id_hash__in=hashes)}
    Petitioner.objects.bulk_create([r for r in rows if r.id_hash not in known])
    known = {p.id_hash: p for p in Petitioner.objects.filter(id_hash__in=hashes)}
    return [known[h] for h in hashes]


def _reserve_numbers(year: int, count: int) -> list[str]:
    """`count` consecutive XF numbers of `year`, the counter row locked (one update)."""
    PetitionCounter.objects.get_or_create(year=year)
    counter = PetitionCounter.objects.select_for_update().get(year=year)
    start = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return [f"XF-{year}-{n:06d}" for n in range(start, start + count)]


REVIEW_ASKED = "对答复中补偿标准的认定不服，申请复查。"
LOOKUP_NOTE = "核实信访人此前反映的同一事项及答复情况，以便本案答复前后衔接。"


@register(11, "the petitioner's side and look-ups")
def seed_review_and_lookup(*, password: str, stdout, today: date | None = None) -> None:
    """Issue 20: a petitioner who asked online for review, waiting for the clerk's
    request_review (item 8), and a reasoned, audited look-up of a person (item 10)."""
    from audit.models import AuditEntry

    today = today or local_today()
    lines = []
    if not Petition.objects.filter(review_asked_online_on__isnull=False).exists():
        p = _replied_within_review_window(today)
        if p is not None:
            sv.petition_ask_review_online(petition_id=p.pk, reason=REVIEW_ASKED, today=today)
            lines.append(f"review asked online on {p.number}")
    city = User.objects.filter(username="city").first()
    if city and not AuditEntry.objects.filter(action="person_lookup").exists():
        p = (Petition.objects.filter(links__isnull=False, org_unit__code="T01")
             .order_by("-received_on", "pk").first())
        if p is not None:
            sv.person_lookup_record(actor=city, kind="history", reason="handling",
                                    note=LOOKUP_NOTE, petition=p,
                                    person=p.links.order_by("position").first().petitioner)
            lines.append(f"look-up recorded for {p.number}")
    stdout.write("petitioner's side: " + ("; ".join(lines) or "already seeded"))


def _replied_within_review_window(today: date) -> Petition | None:
    """A replied T01 petition still inside its 30 days for review; one is made (through
    the services, as the clerk would) when the random year left none."""
    found = (Petition.objects.filter(status=Petition.Status.REPLIED, org_unit__code="T01",
                                     review_request_due__gte=today)
             .order_by("-replied_on", "pk").first())
    if found is not None:
        return found
    clerk = User.objects.filter(username="clerk_T01").select_related("org_unit").first()
    if clerk is None:
        return None
    received = today - timedelta(days=40)
    p = sv.petition_register(
        actor=clerk, org_unit=clerk.org_unit, channel="visit", received_on=received,
        category="land_demolition", title="征地补偿款未足额发放",
        content="信访人反映：征地补偿款未足额发放，请求有关部门依法处理。", headcount=1,
        level="local", petitioners=[{"name": "周德明", "id_number": _id(random.Random(7), 901),
                                     "phone": "13900000901", "address": "城关东风村"}],
        today=received)
    sv.petition_accept(petition_id=p.pk, actor=clerk, on=received + timedelta(days=2),
                       today=received + timedelta(days=2))
    sv.petition_reply(petition_id=p.pk, actor=clerk, on=today - timedelta(days=8),
                      opinion="经调查核实，补偿款已按标准核算，差额部分已督促发放，并书面答复信访人。",
                      today=today - timedelta(days=8))
    return Petition.objects.get(pk=p.pk)

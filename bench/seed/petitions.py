"""Petitions, their petitioners (a pool, 30% repeats) and their events."""

import random
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from accounts.models import OrgUnit
from bench.seed.base import (
    CATEGORY_WEIGHTS,
    CHANNEL_WEIGHTS,
    CONTENT,
    DONE_WEIGHTS,
    GIVEN,
    LEVEL_WEIGHTS,
    OPEN_WEIGHTS,
    PETITION_CHUNK,
    SATISFACTION,
    SURNAMES,
    TITLES,
    at_time,
    bisect,
    bulk_insert,
    next_id,
    pick,
    reset_sequences,
)
from core.crypto import encrypt, keyed_hash
from core.dates import local_today
from petitions.idnumbers import check_digit, mask_id_number
from petitions.models import (
    Petition,
    PetitionCounter,
    Petitioner,
    PetitionEvent,
    PetitionPetitioner,
)

STEP_EVENTS = [("accepted_on", "accept", "registered", "accepted"),
               ("assigned_on", "assign", "accepted", "assigned"),
               ("replied_on", "reply", "assigned", "replied"),
               ("review_requested_on", "request_review", "replied", "under_review"),
               ("review_replied_on", "review_reply", "under_review", "reviewed"),
               ("recheck_requested_on", "request_recheck", "reviewed", "under_recheck"),
               ("recheck_replied_on", "recheck_reply", "under_recheck", "rechecked")]
END_EVENTS = (("declined_on", "decline", "declined"), ("forwarded_on", "forward", "forwarded"),
              ("closed_on", "close", "closed"))
# Due dates are not steps: the last step taken is the latest of the other dates.
DUE_FIELDS = ("review_request_due", "recheck_request_due", "handling_due", "acceptance_due",
              "review_due", "recheck_due")
P_FIELDS = ["id", "number", "channel", "received_on", "org_unit_id", "handling_unit_id",
            "category", "title", "content", "headcount", "level", "is_collective",
            "is_level_skipping", "is_repeat", "repeat_of_id", "is_first",
            "not_acceptable_again", "status", "deadline_policy", "acceptance_due",
            "handling_due", "extended_days", "review_request_due", "review_due",
            "recheck_request_due", "recheck_due", "current_due", "accepted_on",
            "declined_on", "decline_reason", "forwarded_on", "forward_agency",
            "assigned_on", "extension_reason", "replied_on", "reply_opinion",
            "review_requested_on", "review_replied_on", "review_opinion",
            "recheck_requested_on", "recheck_replied_on", "recheck_opinion", "closed_on",
            "satisfaction", "created_by_id", "created_at", "updated_at", "responsible_unit_id",
            "search_text", "first_repeat_on"]


def seed_petitions(opts, org, out) -> None:
    total = opts["petitions"]
    have = Petition.objects.count()
    if have >= total:
        out(f"petitions: {have} already there, nothing to do")
        return
    while have < total:
        _seed_chunk(opts, org, out, have, min(total - have, PETITION_CHUNK))
        have = Petition.objects.count()


def _seed_chunk(opts, org, out, have: int, n: int) -> None:
    """n more petitions (a chunk): each chunk spans the whole date range, repeats are
    drawn within the chunk."""
    started = time.monotonic()
    rng = random.Random(20260001 + have)
    rows = [_dated_row(opts, rng, local_today(), date(opts["start_year"], 1, 1))
            for _ in range(n)]
    rows.sort(key=lambda r: r["received_on"])
    built = _Petitions(opts, org, rng)
    for r in rows:
        built.add(r)
    built.pad_reveals(rows, want=opts["events_per_petition"] * n)
    built_in = time.monotonic() - started
    started = time.monotonic()
    built.write(rows)
    out(f"petitions: {n} new ({len(built.pool_rows)} petitioners, {len(built.events)} events;"
        f" built in {built_in:.1f} s, written in {time.monotonic() - started:.1f} s)")


def _dated_row(opts, rng, today, start) -> dict:
    """A status and the step dates leading to it: open ones due around today."""
    if rng.random() < opts["open_share"]:
        status = pick(rng, OPEN_WEIGHTS)
        overdue = rng.random() < 1 / 3
        d = _chain(rng, status, today)
        target = (today - timedelta(days=rng.randint(1, 150)) if overdue
                  else today + timedelta(days=rng.randint(0, 14)))
        d = _shifted(d, target - d["current_due"])
        if d["received_on"] < start:
            d = _shifted(d, start - d["received_on"])
    else:
        received = start + timedelta(days=rng.randrange((today - start).days))
        status = pick(rng, DONE_WEIGHTS)
        d = _chain(rng, status, received)
        due = {d.get(f) for f in DUE_FIELDS}
        last = max(v for v in d.values() if isinstance(v, date) and v not in due)
        if last > today:
            status = rng.choice(["declined", "forwarded"])
            d = _chain(rng, status, min(received, today - timedelta(days=15)))
    d["status"] = status
    return d


def _shifted(d: dict, shift: timedelta) -> dict:
    return {k: (v + shift if isinstance(v, date) else v) for k, v in d.items()}


REGIONS = ['110101', '320102', '440305', '510104', '330106']


def _id_number(rng, seen, regions=REGIONS) -> str:
    while True:
        birth = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 60))
        first17 = f"{rng.choice(regions)}" \
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
    if status in ("declined", "forwarded"):
        d[f"{status}_on"] = received + timedelta(days=rng.randint(1, 14))
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
    return _chain_after_reply(rng, status, d)


def _chain_after_reply(rng, status, d):
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
        last = _chain_recheck(rng, status, d, last)
        if last is None:
            return d
    if status == "closed":
        d["closed_on"] = last + timedelta(days=rng.randint(0, 30))
    return d


def _chain_recheck(rng, status, d, last):
    """Add the recheck steps; None when the chain stops under recheck."""
    recheck = status in ("under_recheck", "rechecked") or (
        status == "closed" and rng.random() < 0.25)
    if not recheck:
        return last
    d["recheck_requested_on"] = last + timedelta(days=rng.randint(1, 29))
    d["recheck_due"] = d["recheck_requested_on"] + timedelta(days=30)
    if status == "under_recheck":
        d["current_due"] = d["recheck_due"]
        return None
    d["recheck_replied_on"] = d["recheck_requested_on"] + timedelta(days=rng.randint(5, 29))
    return d["recheck_replied_on"]


class _Petitions:
    """Numbers, units, petitioners and events given to the dated rows, in order."""

    def __init__(self, opts, org, rng):
        self.opts, self.org, self.rng = opts, org, rng
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.now = datetime.now(self.tz)
        self.seen: set[str] = set()
        self.next_petitioner = next_id(Petitioner)
        self.pool_rows: list[tuple] = []
        self.used: list[int] = []
        self.last_of: dict[int, tuple[int, str, bool]] = {}
        self.pid = next_id(Petition)
        # Each later chunk draws ID numbers from its own district codes: never one
        # an earlier chunk drew (id_hash is unique).
        chunk = self.pid // PETITION_CHUNK if self.pid > 1 else 0
        self.regions = REGIONS if chunk == 0 else [f"{r[:4]}{50 + chunk % 50:02d}" for r in REGIONS]
        self.counters = dict(PetitionCounter.objects.values_list("year", "last"))
        self.reporting = org["reporting"]
        self.cum: list[int] = []
        self.acc = 0
        for unit in self.reporting:
            self.acc += 3 if unit.kind == OrgUnit.Kind.TOWNSHIP else 1
            self.cum.append(self.acc)
        self.clerks_by_unit: dict[int, list[int]] = {}
        for uid, unit_id in org["clerks"]:
            self.clerks_by_unit.setdefault(unit_id, []).append(uid)
        self.links: list[tuple] = []
        self.events: list[tuple] = []
        self.names: dict[int, str] = {}
        self.first_repeat: dict[int, date] = {}

    def add(self, r: dict) -> None:
        rng = self.rng
        r["id"] = self.pid
        year = r["received_on"].year
        self.counters[year] = self.counters.get(year, 0) + 1
        r["number"] = f"XF-{year}-{self.counters[year]:06d}"
        unit = self.reporting[bisect(self.cum, rng.random() * self.acc)]
        r["org_unit_id"] = unit.pk
        villages = self.org["villages_of"].get(unit.pk)
        if r["status"] not in ("registered", "declined", "forwarded", "accepted"):
            r["handling_unit_id"] = (rng.choice(villages) if villages and rng.random() < 0.4
                                     else unit.pk)
        self._petitioner(r, unit)
        r["channel"] = pick(rng, CHANNEL_WEIGHTS)
        r["level"] = pick(rng, LEVEL_WEIGHTS)
        x = rng.random()
        r["headcount"] = 1 if x < 0.88 else (rng.randint(2, 4) if x < 0.96 else rng.randint(5, 40))
        r["title"] = rng.choice(TITLES[r["category"]])
        clerk = rng.choice(self.clerks_by_unit.get(unit.pk) or [self.org["city_user"]])
        r["created_by_id"] = clerk
        r["created_at"] = at_time(r["received_on"], rng, self.tz)
        self._events(r, clerk)
        self.pid += 1

    def _petitioner(self, r: dict, unit) -> None:
        """A repeat from the pool (same category), or a new petitioner."""
        rng = self.rng
        if self.used and rng.random() < self.opts["repeat_share"]:
            who = rng.choice(self.used)
            earlier_id, category, final = self.last_of[who]
            r["petitioner_name"] = self.names[who]
            # Rows come in date order: the first repeat seen is the earliest one.
            self.first_repeat.setdefault(earlier_id, r["received_on"])
            r["category"] = category
            r["is_repeat"], r["repeat_of_id"], r["is_first"] = True, earlier_id, False
            r["not_acceptable_again"] = final
        else:
            who = self.next_petitioner
            self.next_petitioner += 1
            self.used.append(who)
            number = _id_number(rng, self.seen, self.regions)
            name = (rng.choice(SURNAMES) + rng.choice(GIVEN)
                    + (rng.choice(GIVEN) if rng.random() < 0.6 else ""))
            self.names[who] = r["petitioner_name"] = name
            self.pool_rows.append((
                who, name,
                encrypt(number), keyed_hash(number), mask_id_number(number),
                f"13{rng.randrange(10**9):09d}", f"{unit.name}某路{rng.randint(1, 300)}号",
                self.now))
            r["category"] = pick(rng, CATEGORY_WEIGHTS)
        self.last_of[who] = (self.pid, r["category"], "recheck_replied_on" in r
                             or bool(r.get("not_acceptable_again")))
        self.links.append((self.pid, who, 0))

    def _events(self, r: dict, clerk: int) -> None:
        """Registration, each step taken, the end."""
        rng, tz, pid, events = self.rng, self.tz, self.pid, self.events
        events.append((pid, r["created_at"], clerk, "register", "", "registered"))
        prev = "registered"
        for field, action, frm, to in STEP_EVENTS:
            if field in r:
                events.append((pid, at_time(r[field], rng, tz), clerk, action, frm, to))
                prev = to
        if r.get("extended_days"):
            events.append((pid, at_time(r["accepted_on"] + timedelta(days=20), rng, tz), clerk,
                           "extend", "accepted", "accepted"))
        for field, action, to in END_EVENTS:
            if field in r:
                events.append((pid, at_time(r[field], rng, tz), clerk, action, prev, to))
                prev = to
        r["updated_at"] = events[-1][1]

    def pad_reveals(self, rows: list[dict], *, want: int) -> None:
        """Pad with ID reveals to about `events_per_petition` each."""
        while len(self.events) < want:
            r = rows[self.rng.randrange(len(rows))]
            self.events.append((r["id"], at_time(r["updated_at"].date(), self.rng, self.tz),
                                r["created_by_id"], "reveal_id", r["status"], r["status"]))

    @transaction.atomic
    def write(self, rows: list[dict]) -> None:
        bulk_insert(Petitioner, ["id", "name", "id_number_encrypted", "id_hash", "id_masked",
                                 "phone", "address", "created_at"], self.pool_rows)
        for chunk in range(0, len(rows), 50_000):
            bulk_insert(Petition, P_FIELDS,
                        (_petition_row(r, self.rng, self.first_repeat)
                         for r in rows[chunk:chunk + 50_000]))
        link_id = next_id(PetitionPetitioner)
        bulk_insert(PetitionPetitioner, ["id", "petition_id", "petitioner_id", "position"],
                    ((link_id + i, *link) for i, link in enumerate(self.links)))
        event_id = next_id(PetitionEvent)
        events = self.events
        for chunk in range(0, len(events), 250_000):
            bulk_insert(PetitionEvent, ["id", "petition_id", "at", "actor_id", "action",
                                        "from_status", "to_status", "note", "data"],
                        ((event_id + chunk + i, e[0], e[1], e[2], e[3], e[4], e[5], "", "{}")
                         for i, e in enumerate(events[chunk:chunk + 250_000])))
        for year, last in self.counters.items():
            PetitionCounter.objects.update_or_create(year=year, defaults={"last": last})
        reset_sequences(Petitioner, Petition, PetitionPetitioner, PetitionEvent)


def _petition_row(r: dict, rng, first_repeat: dict) -> tuple:
    """One row in P_FIELDS order: the constants, flags and opinions filled in, and the
    search column written with the row (what `petitions.search`'s refresh would compute:
    number, title, content, the three opinions and the petitioner's name, lower-cased),
    instead of an UPDATE of every row after the COPY, which wrote each row twice; and
    first_repeat_on, the day its first repeat came (what the rollups' repeat trigger
    keeps), so the rebuild's pass over it finds nothing to write."""
    level, repeat = r["level"], bool(r.get("is_repeat"))
    reply = "经调查核实，已依法答复。" if "replied_on" in r else ""
    review = "维持原处理意见。" if "review_replied_on" in r else ""
    recheck = "维持复查意见。" if "recheck_replied_on" in r else ""
    search = " ".join((r["number"], r["title"], CONTENT, reply, review, recheck,
                       r["petitioner_name"])).lower()
    return (r["id"], r["number"], r["channel"], r["received_on"], r["org_unit_id"],
            r.get("handling_unit_id"), r["category"], r["title"], CONTENT,
            r["headcount"], level, r["headcount"] >= Petition.COLLECTIVE_HEADCOUNT,
            level in ("province", "national") and not repeat, repeat, r.get("repeat_of_id"),
            not repeat, bool(r.get("not_acceptable_again")),
            r["status"], "calendar", r["acceptance_due"], r.get("handling_due"),
            r.get("extended_days", 0), r.get("review_request_due"),
            r.get("review_due"), r.get("recheck_request_due"), r.get("recheck_due"),
            r.get("current_due"), r.get("accepted_on"), r.get("declined_on"),
            "不属于信访受理范围" if "declined_on" in r else "",
            r.get("forwarded_on"), "有权处理机关" if "forwarded_on" in r else "",
            r.get("assigned_on"), "情况复杂需延期" if r.get("extended_days") else "",
            r.get("replied_on"), reply,
            r.get("review_requested_on"), r.get("review_replied_on"), review,
            r.get("recheck_requested_on"), r.get("recheck_replied_on"), recheck,
            r.get("closed_on"),
            rng.choice(SATISFACTION) if "closed_on" in r else "",
            r["created_by_id"], r["created_at"], r["updated_at"],
            # Petition.step_unit_id: the registering unit until assigned, none once forwarded.
            None if r["status"] == "forwarded" else (r.get("handling_unit_id") or r["org_unit_id"]),
            search, first_repeat.get(r["id"]))

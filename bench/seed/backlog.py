"""Backlog campaigns and their cases, linked to replied petitions."""

import random
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from backlog.models import BacklogCase, BacklogEvent, Campaign
from bench.seed.base import at_time, bulk_insert, next_id, reset_sequences
from core.dates import local_today
from core.numbering import BACKLOG_PREFIX, allocate_numbers
from petitions.models import Petition


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
    case_id, event_id = next_id(BacklogCase), next_id(BacklogEvent)
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
        status, plan_on, resolved, verified = _progress(rng, year < today.year, assigned,
                                                       today)
        at = at_time(assigned, rng, tz)
        cases.append((case_id, campaign.pk, petition_id, title, unit_id,
                      org["leaders"].get(unit_id), due, status,
                      "制定化解方案" if plan_on else "", plan_on, resolved,
                      "已化解" if resolved else "", verified, "", assigned, org["city_user"],
                      at, at))
        events.append((event_id, case_id, org["city_user"], "assign", "", "assigned", "", at, {}))
        event_id += 1
        case_id += 1
    _write_backlog(cases, events)
    out(f"backlog: {len(cases)} cases")


def _progress(rng, old: bool, assigned: date, today: date) -> tuple:
    """Status and step dates of a case assigned on `assigned` (old campaigns mostly done)."""
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
    return status, plan_on, resolved, verified


@transaction.atomic
def _write_backlog(cases, events) -> None:
    # Numbers set-based: one counter update per year, handed out in (assigned_on, id)
    # order like the migration's backfill.
    order = sorted(range(len(cases)), key=lambda i: (cases[i][14], cases[i][0]))
    numbers = allocate_numbers(BACKLOG_PREFIX, [cases[i][14] for i in order])
    number_of = dict(zip(order, numbers, strict=True))
    cases = [(number_of[i], *row) for i, row in enumerate(cases)]
    bulk_insert(BacklogCase, ["number", "id", "campaign_id", "petition_id", "title", "org_unit_id",
                              "leader_id", "due_on", "status", "plan", "plan_submitted_on",
                              "resolved_on", "outcome", "verified_on", "return_reason",
                              "assigned_on", "created_by_id", "created_at", "updated_at"],
                cases)
    bulk_insert(BacklogEvent, ["id", "case_id", "actor_id", "action", "from_status",
                               "to_status", "note", "at", "data"], events)
    reset_sequences(BacklogCase, BacklogEvent)

"""Supervision orders on a sample of petitions."""

import random
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction

from bench.seed.base import at_time, bulk_insert, is_pg, next_id, reset_sequences
from core.dates import local_today
from petitions.models import Petition
from supervision.models import SupervisionEvent, SupervisionOrder


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
        if not is_pg() else _sample_petitions(n)
    order_id, event_id = next_id(SupervisionOrder), next_id(SupervisionEvent)
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
        at = at_time(issued, rng, tz)
        orders.append((order_id, f"DB-{issued.year}-{order_id:06d}", "petition", pk, pk,
                       number, unit_id, rng.choice(["general"] * 6 + ["key", "listed"]), due,
                       "请按期办结并报送结果。", status, "none", None,
                       "已按要求办理" if responded else "", responded,
                       org["leaders"].get(unit_id) if responded else None, issued,
                       org["city_user"], closed, at))
        events.append((event_id, order_id, at, org["city_user"], "issue", "", "open", "", {}))
        event_id += 1
        order_id += 1
    _write_orders(orders, events)
    out(f"supervision: {len(orders)} orders")


def _sample_petitions(n):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, org_unit_id, number, received_on FROM petitions_petition "
                       "ORDER BY md5(id::text) LIMIT %s", [n])
        return cursor.fetchall()


@transaction.atomic
def _write_orders(orders, events) -> None:
    bulk_insert(SupervisionOrder, ["id", "number", "target_type", "target_id", "petition_id",
                                   "target_label", "org_unit_id", "level", "due_on",
                                   "instructions", "status", "escalation", "escalated_on",
                                   "response_note", "responded_on", "responded_by_id",
                                   "issued_on", "issued_by_id", "closed_on", "created_at"],
                orders)
    bulk_insert(SupervisionEvent, ["id", "order_id", "at", "actor_id", "action",
                                   "from_status", "to_status", "note", "data"], events)
    reset_sequences(SupervisionOrder, SupervisionEvent)

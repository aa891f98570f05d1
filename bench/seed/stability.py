"""Stability risk matters, each with its unit's leader."""

import random
from datetime import timedelta

from django.db import transaction

from core.dates import local_today
from core.numbering import MATTER_PREFIX, allocate_numbers
from stability.models import RiskMatter


def seed_risks(opts, org, out) -> None:
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
    # Numbers set-based: one counter update per year, in opened_on order.
    matters.sort(key=lambda m: m.opened_on)
    with transaction.atomic():
        for matter, number in zip(matters, allocate_numbers(
                MATTER_PREFIX, [m.opened_on for m in matters]), strict=True):
            matter.number = number
        RiskMatter.objects.bulk_create(matters, batch_size=1000)
    out(f"risk matters: {len(matters)}")

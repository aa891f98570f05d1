"""The benchmark data set of performance.md (`python manage.py seed_bench`).

One module per thing seeded (units and users, petitions, screening, backlog,
stability, supervision), written in bulk (bench.seed.base). Each section checks
its own table first, so a second run on a seeded database writes nothing.
"""

from django.db import connection

from accounts.models import OrgUnit, User
from backlog.models import BacklogCase
from bench.seed.backlog import seed_backlog
from bench.seed.base import DEFAULTS, PASSWORD, bulk_insert, is_pg
from bench.seed.petitions import seed_petitions
from bench.seed.screening import seed_screening
from bench.seed.stability import seed_risks
from bench.seed.supervision import seed_orders
from bench.seed.units import seed_org
from core.dates import local_today
from dashboards.rollups import rollups_rebuild, set_first_repeats, set_triggers
from petitions.models import Petition, Petitioner, PetitionEvent
from screening.models import ScreeningItem, ScreeningReport
from stability.models import RiskMatter
from supervision.models import SupervisionOrder

__all__ = ["DEFAULTS", "PASSWORD", "bulk_insert", "dataset_counts", "seed_bench"]


def seed_bench(*, out=print, **overrides) -> dict:
    opts = {**DEFAULTS, **{k: v for k, v in overrides.items() if v is not None}}
    if overrides.get("petitions") is None:  # --scale 10: 2,000,000 petitions, 10,000,000 events
        opts["petitions"] = DEFAULTS["petitions"] * opts["scale"]
    org = seed_org(opts, out)
    # COPY with the rollup triggers off, then one set-based rebuild (dashboards.rollups).
    before = Petition.objects.count()
    set_triggers(False)
    try:
        seed_petitions(opts, org, out)
        set_first_repeats()  # with the triggers off: the rebuild below files the rows
    finally:
        set_triggers(True)
    if Petition.objects.count() != before:
        counts = rollups_rebuild()
        out(f"rollups: {counts['day_rows']} day rows, {counts['open_rows']} open-step rows")
    seed_screening(opts, org, out)
    seed_backlog(opts, org, out)
    seed_risks(opts, org, out)
    seed_orders(opts, org, out)
    if is_pg():
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
        "risk_matters": RiskMatter.objects.count(),
        "supervision_orders": SupervisionOrder.objects.count(),
    }

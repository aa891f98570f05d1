"""The benchmark data set of performance.md (`python manage.py seed_bench`).

One module per thing seeded (units and users, petitions, screening, backlog,
stability, supervision), written in bulk (bench.seed.base). Each section checks
its own table first, so a second run on a seeded database writes nothing.
"""

import time
from contextlib import contextmanager

from django.db import DatabaseError, connection

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
from dashboards.rollups import rollups_rebuild, set_triggers
from petitions.models import Petition, Petitioner, PetitionEvent, PetitionPetitioner
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
    # The seeder writes first_repeat_on with each row; the rebuild's own pass over it
    # (by repeat_of_id, indexes and statistics back) then writes nothing. A seeded
    # database is left as it is.
    before = Petition.objects.count()
    if before < opts["petitions"]:
        set_triggers(False)
        try:
            with _foreign_keys_unchecked(), _indexes_built_after(LOADED_TABLES, out):
                seed_petitions(opts, org, out)
        finally:
            set_triggers(True)
    else:
        out(f"petitions: {before} already there, nothing to do")
    if Petition.objects.count() != before:
        started = time.monotonic()
        counts = rollups_rebuild()
        out(f"rollups: {counts['day_rows']} day rows, {counts['open_rows']} open-step rows "
            f"in {time.monotonic() - started:.1f} s")
    seed_screening(opts, org, out)
    seed_backlog(opts, org, out)
    seed_risks(opts, org, out)
    seed_orders(opts, org, out)
    if is_pg():
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # visibility map: index-only counts
        out(f"VACUUM ANALYZE: {time.monotonic() - started:.1f} s")
    return dataset_counts()


@contextmanager
def _foreign_keys_unchecked():
    """Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: every COPYed row queues
    a check that runs at COMMIT (about 30 s a chunk of 200,000 petitions and 1,000,000
    events). The seeder assigns every key itself, from rows it has just written, so the
    load runs with `session_replication_role = replica` (no trigger fires, the checks
    included), as pg_restore does; tests/bench checks the keys afterwards. Needs a
    superuser: elsewhere the checks simply run."""
    if not is_pg():
        yield
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
    except DatabaseError:
        yield
        return
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")


# The tables COPY fills with millions of rows (seed_bench --scale 10).
LOADED_TABLES = [m._meta.db_table for m in (Petition, PetitionEvent, Petitioner,
                                            PetitionPetitioner)]


@contextmanager
def _indexes_built_after(tables: list[str], out=print):
    """Load first, index after: the tables' plain indexes (not the primary keys and
    unique constraints, which the load relies on) are dropped before the COPYs and
    created again from their own definitions afterwards, one sorted build each instead
    of 20 indexes kept up row by row. The definitions come from pg_indexes, so an index
    a migration adds is rebuilt too; `finally` rebuilds them if the load fails."""
    if not is_pg():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)",
            [tables])
        saved = cursor.fetchall()
        for name, _definition in saved:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for _name, definition in saved:
                cursor.execute(definition)
            cursor.execute("RESET maintenance_work_mem")
            # Statistics before the rollup rebuild plans its joins: without them a freshly
            # loaded table looks empty and its subqueries get sequential scans.
            for table in tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        out(f"indexes: {len(saved)} built after the load in {time.monotonic() - started:.1f} s")


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

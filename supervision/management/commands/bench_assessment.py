"""Time the whole-year unit assessment on synthetic data, then roll it back.

`python manage.py bench_assessment [--units 40] [--per-unit-month 25]`: builds
the reporting units, a year of alerts, notices and level-skipping petitions in
one transaction, recomputes every month, quarter and the year, prints the
wall time and the number of queries, and rolls everything back. Meant for
`make bench` (issue 5: under 2 s for 40 units and a year on PostgreSQL).
"""

import json
import time
from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import OrgUnit
from alerts.models import Alert
from supervision.assessment import assessment_recompute
from supervision.models import AssessmentScore, Notice

YEAR = 2025
ALL_PERIODS = ([(AssessmentScore.PeriodKind.MONTH, m) for m in range(1, 13)]
               + [(AssessmentScore.PeriodKind.QUARTER, q) for q in range(1, 5)]
               + [(AssessmentScore.PeriodKind.YEAR, 0)])


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the whole-year unit assessment on synthetic data (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=40)
        parser.add_argument("--per-unit-month", type=int, default=25)

    def handle(self, *args, units, per_unit_month, **options):
        try:
            with transaction.atomic():
                figure = self._run(units, per_unit_month)
                raise Rollback
        except Rollback:
            pass
        self.stdout.write(json.dumps(figure))

    def _run(self, units: int, per_unit_month: int) -> dict:
        city = OrgUnit.objects.filter(kind=OrgUnit.Kind.CITY).first() or OrgUnit.objects.create(
            code="BENCHC", name="bench city", kind=OrgUnit.Kind.CITY)
        made = [OrgUnit.objects.create(code=f"BENCH{i:03d}", name=f"bench {i}",
                                       kind=OrgUnit.Kind.TOWNSHIP, parent=city)
                for i in range(units)]
        alerts, notices = [], []
        kinds = [(Alert.Kind.PETITION_OVERDUE, "petition"),
                 (Alert.Kind.SUPERVISION_OVERDUE, "supervision_order"),
                 (Alert.Kind.REPORT_MISSING, "screening_period")]
        serial = 10_000_000
        for unit in made:
            for month in range(1, 13):
                for n in range(per_unit_month):
                    kind, target = kinds[n % 3]
                    serial += 1
                    day = date(YEAR, month, 1) + timedelta(days=n % 27)
                    alerts.append(Alert(kind=kind, target_type=target, target_id=serial,
                                        org_unit=unit, due_on=day, raised_on=day))
                notices.append(Notice(org_unit=unit, title="bench", body="b",
                                      published_on=date(YEAR, month, 15)))
        Alert.objects.bulk_create(alerts, batch_size=2000)
        Notice.objects.bulk_create(notices, batch_size=2000)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            assessment_recompute(as_of=date(YEAR, 12, 31), periods=ALL_PERIODS)
        elapsed = time.perf_counter() - started
        return {"name": "recompute_assessment_year", "units": units,
                "records": len(alerts) + len(notices), "wall_ms": round(elapsed * 1000),
                "queries": len(queries)}

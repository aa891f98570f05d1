"""A figure for `make bench` (performance issue): a 5,000-row ledger import.

`import_figure()` builds a workbook of valid rows from the units and leaders in
the database, imports it into a throwaway campaign and rolls everything back,
so running it on a seeded database changes nothing.
"""

import io
import time
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from accounts import roles
from accounts.models import User
from backlog.imports import cases_import
from backlog.models import Campaign
from core.dates import local_today


class _Rollback(Exception):
    pass


def import_figure(rows: int = 5000, *, today: date | None = None) -> dict:
    leaders = list(User.objects.filter(is_active=True, groups__name=roles.LEADER,
                                       org_unit__kind__in=("township", "department"))
                   .select_related("org_unit")[:50])
    actor = User.objects.filter(groups__name=roles.CITY_OFFICER).first()
    if not leaders or actor is None:
        return {"name": "import_backlog", "rows": 0, "seconds": None, "rows_per_s": None}
    today = today or local_today()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["title", "org_unit", "leader", "due_on"])
    for i in range(rows):
        leader = leaders[i % len(leaders)]
        sheet.append([f"积案 bench {i}", leader.org_unit.code, leader.username,
                      today + timedelta(days=90)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("bench.xlsx", buffer.getvalue())
    result = {}
    try:
        with transaction.atomic():
            campaign = Campaign.objects.create(name="bench", year=today.year, starts_on=today,
                                               ends_on=today)
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                outcome = cases_import(actor=actor, campaign=campaign, upload=upload)
                seconds = time.perf_counter() - started
            result = {"name": "import_backlog", "rows": outcome.count,
                      "seconds": round(seconds, 3), "rows_per_s": round(outcome.count / seconds),
                      "queries": len(queries.captured_queries)}
            raise _Rollback
    except _Rollback:
        pass
    return result

"""The figures of performance.md (`make bench` -> `manage.py run_bench`).

Pages are requested in process through Django's test client, logged in as the
city officer `city` (and the township clerk `clerk_T01`): 3 warm-up requests,
then 30 timed ones; median and p95 of the 30, and the SQL query count of one
request. Each figure's floor is the bare SQL answering the same question, run
30 times on the same connection in the same run; ratio_to_floor = median /
floor median. Jobs run inside a transaction that is rolled back; the export
runs in a child process so that its peak RSS is its own.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment

from accounts.models import User
from core.dates import local_today

RUNS = 30
WARMUP = 3

TARGETS = {
    # Issue 21: both dashboards read the rollups (dashboards.rollups), p95 <= 60 ms.
    "dashboard_city": {"p95_ms": 60, "queries": 15, "ratio_to_floor": 3.0},
    # performance.md sets the city dashboard's budget; the unit's page adds its
    # to-do list (steps, this month's report, orders, cases: four queries, never
    # cached, issue #8), so its query budget is the city's plus those four.
    "dashboard_township": {"p95_ms": 60, "queries": 19, "ratio_to_floor": 3.0},
    "petition_list": {"p95_ms": 100, "same_queries_10_200": True},
    # Beyond the spec's figures: the list a township clerk opens (no filter, the
    # township's scope: registered, handled or about a matter there), p95 as the list.
    "petition_list_township": {"p95_ms": 100},
    # A 50-row page costs the same at 20,000 and 200,000 petitions; 1.5 allows for noise.
    "petition_list_scaling": {"ratio_to_floor": 1.5},
    "petition_detail": {"p95_ms": 60, "queries": 12},
    "screening_grid": {"p95_ms": 100},
    "flag_overdue": {"median_ms": 3000, "ratio_to_floor": 2.0, "second_run_lines": 0},
    "flag_missing_reports": {"median_ms": 200},
    # Issue 21: >= 1.5x the rows/s of the bare openpyxl write-only loop over the same
    # rows, measured in the same run (speedup = rows_per_s / floor_rows_per_s), in
    # <= 150 MB; the workbook's rows are counted (measured_work).
    "export_petitions": {"rows_per_s": 7000, "min_speedup": 1.5, "peak_rss_mb": 150},
    # Enqueue to file ready through a real Celery worker on Redis (issue 21): the
    # writer's budget plus the queue's; peak RSS is the worker's.
    "export_petitions_worker": {"rows_per_s": 5000, "peak_rss_mb": 250},
    "api_petition_list": {"p95_ms": 200},
    # Issue 19: a number fragment through the trigram index, at the bench data set.
    "petition_search": {"p95_ms": 150},
    # From the issues rather than performance.md: the year's assessment for
    # every unit (supervision issue) and a 5,000-row ledger import (backlog).
    "recompute_assessment": {"median_ms": 2000},
    # Issue 21: 100 users for 3 minutes, the morning's mix (bench/load).
    "load_mixed": {"req_per_s": 150, "p95_ms": 300, "errors": 0, "writes_match": True},
    "backlog_import": {"median_ms": 10000},
}

# `make bench-large` (seed_bench --scale 10: 2,000,000 petitions): the figures and
# targets of issue 21's table.
TARGETS_LARGE = {
    "petition_list": {"p95_ms": 100, "same_queries_10_200": True},
    "petition_list_township": {"p95_ms": 100},
    "petition_detail": {"p95_ms": 60},
    "petition_search": {"p95_ms": 150},
    "dashboard_city": {"p95_ms": 60},
    "dashboard_township": {"p95_ms": 60},
    "flag_overdue": {"median_ms": 5000, "ratio_to_floor": 2.0, "second_run_lines": 0},
    "recompute_assessment": {"median_ms": 3000},
}

LIST_FILTER = "status=assigned"  # a filtered list: the open, assigned petitions
SEARCH = "000269"  # a number fragment, as the issue typed it


class _Rollback(Exception):
    pass


def _stats(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return round(statistics.median(ordered), 2), round(p95, 2)


def _figure(name, **fields) -> dict:
    row = {"name": name, "median_ms": None, "p95_ms": None, "queries": None, "floor_ms": None,
           "ratio_to_floor": None, "rows_per_s": None, "peak_rss_mb": None}
    row.update(fields)
    if row["floor_ms"] and row["median_ms"] and row["ratio_to_floor"] is None:
        row["ratio_to_floor"] = round(row["median_ms"] / row["floor_ms"], 2)
    return row


def _time_page(client, url, *, cold: bool = False) -> tuple[float, float, int, int]:
    """Time `url`; with `cold`, the cache is emptied before every request (not
    timed), so a cached page is measured doing all of its work."""
    from django.core.cache import cache

    for _ in range(WARMUP):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    queries = len(ctx.captured_queries)  # now: later requests reset the log
    samples = []
    for _ in range(RUNS):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            for _chunk in response.streaming_content:
                pass
        samples.append((time.perf_counter() - started) * 1000)
    median, p95 = _stats(samples)
    return median, p95, queries, response.status_code


def _time_sql(statements: list[tuple[str, list]]) -> float:
    samples = []
    with connection.cursor() as cursor:
        for _ in range(WARMUP + RUNS):
            started = time.perf_counter()
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()
            samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples[WARMUP:]), 2)


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


# ------------------------------------------------------------------ floors (bare SQL)

def _dashboard_floor(unit_path: str | None) -> float:
    today = local_today()
    scope = ("JOIN accounts_orgunit u ON u.id = p.org_unit_id AND u.path LIKE %s"
             if unit_path else "")
    args = [unit_path + "%"] if unit_path else []
    return _time_sql([
        (f"SELECT p.status, count(*), count(*) FILTER (WHERE p.current_due < %s) "
         f"FROM petitions_petition p {scope} GROUP BY p.status", [today, *args]),
        (f"SELECT date_trunc('month', p.received_on), count(*) FROM petitions_petition p "
         f"{scope} WHERE p.received_on >= %s GROUP BY 1", [*args, date(today.year, 1, 1)]),
        (f"SELECT p.category, count(*) FROM petitions_petition p {scope} "
         f"WHERE p.received_on >= %s GROUP BY 1", [*args, date(today.year, 1, 1)]),
    ])


def _list_floor(page_size: int, where: str = "p.status = 'assigned'") -> float:
    return _time_sql([
        (f"SELECT count(*) FROM petitions_petition p WHERE {where}", []),
        (f"SELECT p.*, u.name, h.name FROM petitions_petition p "
         f"JOIN accounts_orgunit u ON u.id = p.org_unit_id "
         f"LEFT JOIN accounts_orgunit h ON h.id = p.handling_unit_id "
         f"WHERE {where} ORDER BY p.received_on DESC, p.id DESC LIMIT %s", [page_size]),
        ("SELECT l.petition_id, r.name, r.id_masked FROM petitions_petitionpetitioner l "
         "JOIN petitions_petitioner r ON r.id = l.petitioner_id WHERE l.petition_id IN "
         f"(SELECT p.id FROM petitions_petition p WHERE {where} "
         "ORDER BY p.received_on DESC, p.id DESC LIMIT %s)", [page_size]),
    ])


def _detail_floor(pk: int) -> float:
    return _time_sql([
        ("SELECT p.*, u.name, h.name FROM petitions_petition p "
         "JOIN accounts_orgunit u ON u.id = p.org_unit_id "
         "LEFT JOIN accounts_orgunit h ON h.id = p.handling_unit_id WHERE p.id = %s", [pk]),
        ("SELECT r.* FROM petitions_petitionpetitioner l JOIN petitions_petitioner r "
         "ON r.id = l.petitioner_id WHERE l.petition_id = %s", [pk]),
        ("SELECT e.*, a.username FROM petitions_petitionevent e LEFT JOIN accounts_user a "
         "ON a.id = e.actor_id WHERE e.petition_id = %s ORDER BY e.at, e.id", [pk]),
    ])


def _grid_floor(year: int) -> float:
    return _time_sql([
        ("SELECT r.org_unit_id, p.month, r.status, r.late, r.first_submitted_at "
         "FROM screening_screeningreport r JOIN screening_screeningperiod p "
         "ON p.id = r.period_id WHERE p.year = %s", [year]),
        ("SELECT id, code, name FROM accounts_orgunit WHERE kind IN ('township', 'department') "
         "AND is_active ORDER BY code", []),
    ])


# ------------------------------------------------------------------ figures

def figure_pages(results: list, *, only: set | None = None) -> None:
    setup_test_environment()
    city = _client("city")
    clerk = _client("clerk_T01")
    def want(n):
        return only is None or n in only
    if want("dashboard_city"):
        median, p95, queries, _s = _time_page(city, "/", cold=True)
        results.append(_figure("dashboard_city", median_ms=median, p95_ms=p95, queries=queries,
                               floor_ms=_dashboard_floor(None)))
    if want("dashboard_township"):
        median, p95, queries, _s = _time_page(clerk, "/", cold=True)
        results.append(_figure("dashboard_township", median_ms=median, p95_ms=p95,
                               queries=queries, floor_ms=_dashboard_floor("C00/T01/")))
    if want("petition_list"):
        median, p95, queries, _s = _time_page(city, f"/petitions/?{LIST_FILTER}")
        q10 = _count_queries(city, f"/api/v1/petitions/?{LIST_FILTER}&page_size=10")
        q200 = _count_queries(city, f"/api/v1/petitions/?{LIST_FILTER}&page_size=200")
        results.append(_figure("petition_list", median_ms=median, p95_ms=p95, queries=queries,
                               floor_ms=_list_floor(50), queries_10=q10, queries_200=q200))
    if want("petition_list_township"):
        median, p95, queries, _s = _time_page(clerk, "/petitions/")
        scope = ("(p.{0} IN (SELECT id FROM accounts_orgunit WHERE path LIKE 'C00/T01/%%'))")
        where = " OR ".join(scope.format(c) for c in ("org_unit_id", "handling_unit_id",
                                                        "matter_unit_id"))
        results.append(_figure("petition_list_township", median_ms=median, p95_ms=p95,
                               queries=queries,
                               floor_ms=_list_floor(50, f"p.status <> 'voided' AND ({where})")))
    if want("petition_detail"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT petition_id FROM petitions_petitionevent GROUP BY petition_id "
                           "ORDER BY count(*) DESC, petition_id LIMIT 1")
            pk = cursor.fetchone()[0]
        median, p95, queries, _s = _time_page(city, f"/petitions/{pk}/")
        results.append(_figure("petition_detail", median_ms=median, p95_ms=p95, queries=queries,
                               floor_ms=_detail_floor(pk)))
    if want("screening_grid"):
        year = local_today().year - 1
        median, p95, queries, _s = _time_page(city, f"/screening/grid/?year={year}")
        results.append(_figure("screening_grid", median_ms=median, p95_ms=p95, queries=queries,
                               floor_ms=_grid_floor(year)))
    if want("petition_search"):
        median, p95, queries, _s = _time_page(city, f"/petitions/?q={SEARCH}")
        results.append(_figure("petition_search", median_ms=median, p95_ms=p95,
                               queries=queries,
                               floor_ms=_list_floor(50, f"p.search_text LIKE '%%{SEARCH}%%'")))
    if want("api_petition_list"):
        median, p95, queries, _s = _time_page(city, "/api/v1/petitions/?page_size=200")
        results.append(_figure("api_petition_list", median_ms=median, p95_ms=p95,
                               queries=queries, floor_ms=_list_floor(200, "true")))


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _rolled_back(func):
    """Run func inside a transaction that is rolled back; return its result."""
    box = {}
    try:
        with transaction.atomic():
            box["value"] = func()
            raise _Rollback
    except _Rollback:
        pass
    return box["value"]


def _vacuum(table: str) -> None:
    """VACUUM a table (never inside a transaction: only from autocommit)."""
    if connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute(f'VACUUM "{table}"')


def figure_jobs(results: list, *, only: set | None = None, runs: int = 3) -> None:
    from alerts.models import Alert
    from core.jobs import run_job

    today = local_today()
    def want(n):
        return only is None or n in only
    if want("flag_overdue"):
        samples, floors, second = [], [], []
        for _ in range(runs):
            # Each rolled-back run leaves its ~80,000 inserted alerts behind as dead
            # tuples with the very keys the next run inserts, so without this every
            # run (and every earlier bench) slows the next one's unique checks: the
            # figure measured the bench's own debris (5.2 s, then 7-9 s after a few
            # runs at 2M). The job runs once a day and commits; autovacuum clears
            # the table between runs. Vacuumed here, outside the timed transaction.
            _vacuum(Alert._meta.db_table)

            def once():
                started = time.perf_counter()
                lines = run_job("flag_overdue", as_of=today)
                elapsed = (time.perf_counter() - started) * 1000
                again = run_job("flag_overdue", as_of=today)
                return elapsed, len(lines), len(again)

            elapsed, raised, again = _rolled_back(once)
            samples.append(elapsed)
            second.append(again)

            def floor():
                started = time.perf_counter()
                with connection.cursor() as cursor:
                    # The same rows touched once, set-based: every record past its due date.
                    cursor.execute("UPDATE petitions_petition SET updated_at = now() "
                                   "WHERE current_due < %s", [today])
                    cursor.execute("UPDATE backlog_backlogcase SET updated_at = now() "
                                   "WHERE status IN ('assigned', 'plan_submitted', "
                                   "'in_progress') AND due_on < %s", [today])
                    cursor.execute("UPDATE supervision_supervisionorder SET closed_on = closed_on "
                                   "WHERE status = 'open' AND due_on < %s", [today])
                return (time.perf_counter() - started) * 1000

            floors.append(_rolled_back(floor))
        median, p95 = _stats(samples)
        results.append(_figure("flag_overdue", median_ms=median, p95_ms=p95,
                               floor_ms=round(statistics.median(floors), 2),
                               raised=raised, second_run_lines=max(second)))
    if want("flag_missing_reports"):
        samples = []
        for _ in range(max(runs, 5)):
            def once():
                started = time.perf_counter()
                run_job("flag_missing_reports", as_of=today)
                return (time.perf_counter() - started) * 1000

            samples.append(_rolled_back(once))

        def floor():
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO supervision_alert (kind, target_type, target_id, org_unit_id, "
                    "due_on, raised_on) SELECT 'report_missing', 'screening_period', p.id, u.id, "
                    "p.due_on, %s FROM screening_screeningperiod p CROSS JOIN accounts_orgunit u "
                    "WHERE p.due_on < %s AND u.kind IN ('township', 'department') AND u.is_active "
                    "AND NOT EXISTS (SELECT 1 FROM screening_screeningreport r WHERE "
                    "r.period_id = p.id AND r.org_unit_id = u.id AND r.first_submitted_at IS "
                    "NOT NULL) ON CONFLICT DO NOTHING", [today, today])
            return (time.perf_counter() - started) * 1000

        floor_ms = statistics.median(_rolled_back(floor) for _ in range(5))
        median, p95 = _stats(samples)
        results.append(_figure("flag_missing_reports", median_ms=median, p95_ms=p95,
                               floor_ms=round(floor_ms, 2)))


EXPORT_ROWS = 100_000


def export_child() -> dict:
    """Run in a fresh process: the export of 100,000 rows, then the bare loop."""
    import io

    from openpyxl import Workbook

    setup_test_environment()
    with connection.cursor() as cursor:
        cursor.execute("SELECT received_on FROM petitions_petition ORDER BY received_on DESC, "
                       "id DESC OFFSET %s LIMIT 1", [EXPORT_ROWS - 1])
        row = cursor.fetchone()
    since = row[0] if row else date(2000, 1, 1)
    from django.test import override_settings
    from openpyxl import load_workbook

    client = _client("city")
    # VmHWM, this process's own high-water mark: ru_maxrss would carry the parent's RSS
    # across fork and exec (Linux keeps the larger of the two), so after a full run's
    # page figures the parent's 150 MB showed as the export's (measured 151 against 126).
    base_rss = _rss_peak_mb(os.getpid())
    body = io.BytesIO()
    # The writer itself, in the request path: never the enqueue of the async path,
    # even with REDIS_URL set (issue 21).
    with override_settings(EXPORT_ASYNC_THRESHOLD=10**9):
        started = time.perf_counter()
        response = client.get(f"/exports/petitions.xlsx?received_from={since.isoformat()}")
        for chunk in response.streaming_content if response.streaming else [response.content]:
            body.write(chunk)
        elapsed = time.perf_counter() - started
    peak = _rss_peak_mb(os.getpid())
    size = body.tell()
    from petitions.models import Petition

    rows = Petition.objects.filter(received_on__gte=since).count()
    # The figure counts only if the workbook it timed holds every row.
    body.seek(0)
    sheet = load_workbook(body, read_only=True).worksheets[0]
    rows_in_workbook = sum(1 for _ in sheet.iter_rows(min_row=2, values_only=True))
    assert response.status_code == 200 and rows_in_workbook == rows, (rows, rows_in_workbook)
    # Floor: a bare openpyxl write-only loop over the same rows and columns.
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.number, p.received_on, p.channel, u.name, h.name, p.category, p.title, "
            "p.headcount, p.level, p.is_collective, p.is_level_skipping, p.is_repeat, p.status, "
            "p.acceptance_due, p.handling_due, p.extended_days, p.current_due, p.replied_on, "
            "p.closed_on, p.satisfaction FROM petitions_petition p JOIN accounts_orgunit u "
            "ON u.id = p.org_unit_id LEFT JOIN accounts_orgunit h ON h.id = p.handling_unit_id "
            "WHERE p.received_on >= %s ORDER BY p.received_on DESC, p.id DESC", [since])
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append([f"c{i}" for i in range(20)])
        while batch := cursor.fetchmany(2000):
            for r in batch:
                sheet.append(list(r))
        workbook.save(io.BytesIO())
    floor = time.perf_counter() - started
    return {"rows": rows, "rows_in_workbook": rows_in_workbook, "seconds": elapsed, "floor_seconds": floor, "bytes": size,
            "peak_rss_mb": peak, "base_rss_mb": base_rss,
            "status": response.status_code}


def figure_export(results: list) -> None:
    out = subprocess.run([sys.executable, "manage.py", "run_bench", "--export-child"],
                         capture_output=True, text=True, check=True, env=os.environ.copy())
    data = json.loads(out.stdout.strip().splitlines()[-1])
    rows_per_s = round(data["rows"] / data["seconds"])
    floor_rows_per_s = round(data["rows"] / data["floor_seconds"])
    results.append(_figure("export_petitions", median_ms=round(data["seconds"] * 1000, 1),
                           floor_ms=round(data["floor_seconds"] * 1000, 1),
                           rows_per_s=rows_per_s, peak_rss_mb=data["peak_rss_mb"],
                           rows=data["rows"], rows_in_workbook=data["rows_in_workbook"],
                           floor_rows_per_s=floor_rows_per_s,
                           speedup=round(rows_per_s / floor_rows_per_s, 2)
                           if floor_rows_per_s else None,
                           base_rss_mb=data["base_rss_mb"]))


def _since_for(rows: int) -> date:
    with connection.cursor() as cursor:
        cursor.execute("SELECT received_on FROM petitions_petition ORDER BY received_on DESC, "
                       "id DESC OFFSET %s LIMIT 1", [rows - 1])
        row = cursor.fetchone()
    return row[0] if row else date(2000, 1, 1)


def _rss_peak_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def _start_worker(queue: str, log_path: str) -> subprocess.Popen:
    """A Celery worker on Redis consuming only the bench's own queue (another worker on
    the same Redis never takes the job); returns once it reports ready."""
    log = open(log_path, "w")  # noqa: SIM115 (closed with the worker)
    worker = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "celery"), "-A", "config", "worker",
         "--pool=solo", "-Q", queue, "-n", f"bench-{os.getpid()}@%h", "--without-heartbeat",
         "--without-gossip", "--without-mingle", "--loglevel=INFO"],
        stdout=log, stderr=subprocess.STDOUT, env=os.environ.copy())
    worker.log = log  # type: ignore[attr-defined]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise RuntimeError(f"the Celery worker exited ({worker.returncode}); see {log_path}")
        with open(log_path) as text:
            if " ready." in text.read():
                return worker
        time.sleep(0.2)
    _stop_worker(worker)
    raise RuntimeError(f"the Celery worker did not start in 120 s; see {log_path}")


def _stop_worker(worker: subprocess.Popen) -> None:
    worker.terminate()  # warm shutdown: the worker finishes its task, then exits
    try:
        worker.wait(timeout=60)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
    worker.log.close()  # type: ignore[attr-defined]


def figure_export_worker(results: list, *, floor_ms: float | None = None) -> None:
    """export_petitions_worker: the large-export request (it enqueues), a real Celery
    worker on Redis started and stopped here, timed until the job's file is ready;
    then the file is opened and its rows counted."""
    from django.conf import settings
    from django.test import override_settings
    from openpyxl import load_workbook

    from core.files import files
    from dashboards.export_runner import export_path
    from dashboards.models import ExportJob
    from petitions.models import Petition

    if not settings.REDIS_URL:
        results.append(_figure("export_petitions_worker",
                               error="REDIS_URL is not set: no worker, nothing measured"))
        return
    since = _since_for(EXPORT_ROWS)
    rows = Petition.objects.filter(received_on__gte=since).count()
    queue = f"bench-export-{os.getpid()}"
    log_path = os.path.join(settings.VAR_DIR, "bench-worker.log")
    worker = _start_worker(queue, log_path)
    try:
        client = _client("city")
        with override_settings(EXPORT_QUEUE=queue, EXPORT_ASYNC_THRESHOLD=1):
            before = ExportJob.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            started = time.perf_counter()
            response = client.get(f"/exports/petitions.xlsx?received_from={since.isoformat()}")
            job = ExportJob.objects.filter(pk__gt=before).order_by("pk").first()
            while job is not None and job.status not in (ExportJob.Status.DONE,
                                                         ExportJob.Status.FAILED):
                if time.perf_counter() - started > 900 or worker.poll() is not None:
                    break
                time.sleep(0.05)
                job.refresh_from_db()
            elapsed = time.perf_counter() - started
        peak = _rss_peak_mb(worker.pid)
    finally:
        _stop_worker(worker)
    if job is None or job.status != ExportJob.Status.DONE:
        results.append(_figure("export_petitions_worker", rows=rows, rows_in_workbook=None,
                               error=f"job {getattr(job, 'status', 'never created')} "
                                     f"(request {response.status_code}; see {log_path})"))
        return
    with files.open(export_path(job.file_name), "rb") as handle:
        sheet = load_workbook(handle, read_only=True).worksheets[0]
        rows_in_workbook = sum(1 for _ in sheet.iter_rows(min_row=2, values_only=True))
    files.delete(export_path(job.file_name))
    results.append(_figure("export_petitions_worker", median_ms=round(elapsed * 1000, 1),
                           floor_ms=floor_ms, rows_per_s=round(rows / elapsed),
                           peak_rss_mb=peak, rows=rows, rows_in_workbook=rows_in_workbook))


def _list_in_child(url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url}
    out = subprocess.run([sys.executable, "manage.py", "run_bench", "--only", "petition_list",
                          "--json-only"], capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])["figures"][0]


def figure_scaling(results: list, tenth_url: str | None, rounds: int = 2) -> None:
    """The filtered 50-row list at the full data set over the same at a tenth of it.

    Both sides run in child processes, alternating full/tenth `rounds` times, so
    that the shared machine's drift hits both alike; the ratio is of the medians.
    """
    if not tenth_url:
        results.append(_figure("petition_list_scaling", note="no tenth-size database"))
        return
    full_url = os.environ.get("DATABASE_URL", "")
    full, tenth = [], []
    for _ in range(rounds):
        full.append(_list_in_child(full_url))
        tenth.append(_list_in_child(tenth_url))
    full_ms = statistics.median(r["median_ms"] for r in full)
    tenth_ms = statistics.median(r["median_ms"] for r in tenth)
    # floor_ms holds the cost at a tenth; ratio_to_floor is full over tenth.
    results.append(_figure("petition_list_scaling", median_ms=round(full_ms, 2),
                           p95_ms=max(r["p95_ms"] for r in full), queries=full[0]["queries"],
                           floor_ms=round(tenth_ms, 2),
                           ratio_to_floor=round(full_ms / tenth_ms, 2),
                           tenth_p95_ms=max(r["p95_ms"] for r in tenth),
                           tenth_queries=tenth[0]["queries"]))


EXPORT_FIGURES = ("export_petitions", "export_petitions_worker")


def measured_work(row: dict) -> str | None:
    """Why the figure measured no work, or None when it did. An export counts only if
    it opened the workbook it timed and found every row in it; any other figure needs
    a positive time (or requests served)."""
    if row["name"] in EXPORT_FIGURES:
        rows, in_book = row.get("rows"), row.get("rows_in_workbook")
        if not rows:
            return "no rows exported"
        if in_book != rows:
            return f"workbook holds {in_book} of {rows} rows"
    if "requests" in row and not row.get("requests"):
        return "no request served"
    if not row.get("median_ms") and not row.get("rows_per_s"):
        return "nothing timed"
    return None


def verdict(row: dict, targets: dict | None = None) -> tuple[bool, str]:
    target = (targets or TARGETS).get(row["name"], {})
    checks, text = [], []
    if (why := row.get("error") or measured_work(row)) is not None:
        return False, f"no work measured: {why}"
    for key, limit in target.items():
        if key == "same_queries_10_200":
            ok = row.get("queries_10") == row.get("queries_200")
            text.append(f"queries 10/200 {row.get('queries_10')}/{row.get('queries_200')}")
        elif key == "rows_per_s":
            ok = (row.get(key) or 0) >= limit
            text.append(f"rows/s {row.get(key)} >= {limit}")
        elif key == "min_speedup":
            ok = (row.get("speedup") or 0) >= limit
            text.append(f"speedup {row.get('speedup')} >= {limit}")
        elif key == "req_per_s":
            ok = (row.get(key) or 0) >= limit
            text.append(f"req/s {row.get(key)} >= {limit}")
        elif key == "writes_match":
            ok = row.get(key) is True
            text.append(f"writes counted {row.get('petitions_written')}/{row.get('registered')} "
                        f"petitions, {row.get('events_written')} events")
        elif key == "second_run_lines":
            ok = row.get(key) == limit
            text.append(f"2nd run lines {row.get(key)} == {limit}")
        else:
            value = row.get(key)
            ok = value is not None and value <= limit
            text.append(f"{key} {value} <= {limit}")
        checks.append(ok)
    return all(checks) and bool(checks), "; ".join(text)


def figure_issue_targets(results: list, runs: int = 3) -> None:
    """The two figures the supervision and backlog issues ask `make bench` for."""
    from backlog.bench import import_figure

    figure_assessment(results, runs)
    figure = import_figure(rows=5000)
    seconds = figure["seconds"]
    if not seconds:
        return  # no leaders in the data set: nothing to import
    results.append(_figure("backlog_import", median_ms=round(seconds * 1000, 1),
                           queries=figure.get("queries"),
                           rows_per_s=round(figure["rows"] / seconds) if seconds else None))


def figure_assessment(results: list, runs: int = 3) -> None:
    """recompute_assessment for the year, rolled back."""
    from core.jobs import run_job

    today = local_today()
    samples = []
    for _ in range(runs):
        def once():
            started = time.perf_counter()
            run_job("recompute_assessment", as_of=today)
            return (time.perf_counter() - started) * 1000
        samples.append(_rolled_back(once))
    median, p95 = _stats(samples)
    results.append(_figure("recompute_assessment", median_ms=median, p95_ms=p95))

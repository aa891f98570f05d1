"""Exports past EXPORT_ASYNC_THRESHOLD rows run as a Celery task, end to end.

With REDIS_URL set (and PostgreSQL, which another process can read) a real
worker is started on a queue of this test's own; otherwise the task runs eagerly.
"""

import io
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from alerts.models import Notification
from audit.models import AuditEntry
from core.files import files
from dashboards.exports import export_path
from dashboards.models import ExportJob
from tests.builders import TODAY, petition_row

BASE_DIR = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def worker_queue(settings):
    """A real worker on a queue of its own when Redis and PostgreSQL are there."""
    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        yield None
        return
    queue = f"test-exports-{uuid.uuid4().hex[:8]}"
    settings.EXPORT_QUEUE = queue
    env = {**os.environ, "DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE":
           "config.settings"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", queue,
         "--without-mingle", "--without-gossip", "--without-heartbeat", "--loglevel=WARNING"],
        cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    yield queue
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.mark.django_db(transaction=True)
def test_a_large_petition_export_runs_as_a_task_with_progress_and_notification(
        client, settings, worker_queue, t01, t02, clerk, outsider):
    settings.EXPORT_ASYNC_THRESHOLD = 5
    for day in range(1, 8):
        petition_row(t01, received_on=TODAY.replace(day=day), title=f"=T01 {day}")
    petition_row(t02, received_on=TODAY, title="T02's")
    client.force_login(clerk)

    response = client.get("/exports/petitions.xlsx", {"received_from": "2026-11-02"})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:export_job", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="export-status"' in page

    deadline = time.monotonic() + 60
    while job.status not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.5)
        job.refresh_from_db()
    assert job.status == "done", job.error
    assert (job.done, job.total) == (6, 6)  # 2nd..7th of T01; never T02's

    status = client.get(reverse("dashboards:export_job_status", args=[job.pk])).content.decode()
    assert 'data-status="done"' in status
    assert "hx-trigger" not in status
    download = client.get(reverse("dashboards:export_job_download", args=[job.pk]))
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0]
    titles = [row[6] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == sorted(f"=T01 {d}" for d in range(2, 8))
    assert sheet.cell(row=2, column=7).data_type == "s"

    logged = AuditEntry.objects.filter(action="export", actor=clerk).get()
    assert logged.data == {"filters": {"received_from": ["2026-11-02"]}, "rows": 6}

    note = Notification.objects.get(user=clerk, kind="export")
    assert note.link == reverse("dashboards:export_job", args=[job.pk])
    assert "6" in note.text

    # The job and its file are the clerk's alone.
    client.force_login(outsider)
    for name in ("dashboards:export_job", "dashboards:export_job_download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    files.delete(export_path(job.file_name))


def test_a_small_export_streams_directly(client, settings, clerk, t01):
    settings.EXPORT_ASYNC_THRESHOLD = 5
    petition_row(t01, received_on=TODAY)
    client.force_login(clerk)
    response = client.get("/exports/petitions.xlsx")
    assert response.status_code == 200
    assert response["X-Row-Count"] == "1"
    assert not ExportJob.objects.exists()
    assert django_settings.EXPORT_ASYNC_THRESHOLD == 5


def test_purge_exports_removes_old_files_and_jobs_and_a_rerun_does_nothing(clerk, settings):
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from core.jobs import run_job

    old_file = files.save(export_path("test-old.xlsx"), ContentFile(b"x"))
    new_file = files.save(export_path("test-new.xlsx"), ContentFile(b"x"))
    old = ExportJob.objects.create(user=clerk, name="petitions",
                                   file_name=old_file.rpartition("/")[2], status="done")
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    ExportJob.objects.create(user=clerk, name="petitions",
                             file_name=new_file.rpartition("/")[2], status="done")
    assert len(run_job("purge_exports")) == 1
    assert not files.exists(old_file)
    assert files.exists(new_file)
    assert ExportJob.objects.count() == 1
    assert run_job("purge_exports") == []
    files.delete(new_file)


def test_the_export_task_is_enqueued_only_when_the_job_row_commits(
        city_officer, django_capture_on_commit_callbacks):
    from unittest import mock

    from dashboards.exports import export_start
    with mock.patch("dashboards.tasks.run_export.apply_async") as enqueue:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            job = export_start(user=city_officer, name="petitions", params={})
            # Inside the transaction nothing has gone to the broker yet.
            assert not enqueue.called
        assert len(callbacks) == 1
        callbacks[0]()
        enqueue.assert_called_once()
        assert enqueue.call_args.kwargs["args"] == [job.pk]

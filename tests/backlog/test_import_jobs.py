"""Large backlog imports run in the worker with a time limit (issue 16)."""

import stat
from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from alerts.models import Notification
from alerts.selectors import notifications_for
from backlog import import_runner
from backlog.models import BacklogCase, BacklogEvent, ImportJob
from backlog.tasks import run_import
from config.celery import app as celery_app
from core.jobs import run_job
from tests.backlog.test_import import DUE, xlsx

GOOD = [("老街拆迁补偿", "T01", "leader_T01", DUE), ("小区房屋质量", "T01", "leader_T01", DUE)]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.BACKLOG_IMPORT_ASYNC_BYTES = 1024  # every test workbook is larger


@pytest.fixture
def eager(monkeypatch):
    """The task runs in the test's process (as it does without Redis)."""
    # The namespaced key: with config_from_object(namespace="CELERY") it wins over
    # the plain name.
    monkeypatch.setitem(celery_app.conf, "CELERY_TASK_ALWAYS_EAGER", True)


def post(client, campaign, data, name="台账.xlsx"):
    return client.post(reverse("backlog:import"), {
        "campaign": campaign.pk, "file": SimpleUploadedFile(name, data)})


def stored_files(tmp_path):
    root = tmp_path / "backlog-imports"
    return list(root.iterdir()) if root.exists() else []


def test_a_large_upload_runs_in_the_worker_and_the_owner_sees_the_result(
        client, city_officer, campaign, leader, eager, tmp_path,
        django_capture_on_commit_callbacks):
    client.force_login(city_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, campaign, xlsx(GOOD))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("backlog:import_job", args=[job.pk])
    assert (job.status, job.created_count, job.user, job.original_name) == (
        "done", 2, city_officer, "台账.xlsx")
    assert (job.done, job.total) == (2, 2)
    assert BacklogCase.objects.count() == 2
    assert stored_files(tmp_path) == []  # the upload is gone once imported
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="done"' in page and "every 1s" not in page
    assert 'data-testid="import-done"' in page and "已导入 2 件积案" in page
    note = Notification.objects.get(user=city_officer, kind="import")
    assert note.link == reverse("backlog:import_job", args=[job.pk])
    assert "2" in note.text and "台账.xlsx" in note.text
    assert note in notifications_for(user=city_officer)  # the bell


def test_the_upload_is_stored_0600_and_the_page_polls_while_it_waits(
        client, city_officer, campaign, tmp_path):
    queued = []
    job = import_runner.import_job_start(
        actor=city_officer, campaign=campaign,
        upload=SimpleUploadedFile("a.xlsx", xlsx(GOOD)),
        enqueue=lambda task, args: queued.append((task.name, args)))
    assert queued == [("backlog.run_import", [job.pk])]
    [stored] = stored_files(tmp_path)
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stored.parent.parent == tmp_path
    client.force_login(city_officer)
    status = client.get(reverse("backlog:import_job_status", args=[job.pk])).content.decode()
    assert 'data-status="pending"' in status and "every 1s" in status


def test_a_small_upload_stays_in_the_request(client, city_officer, campaign, leader, settings):
    settings.BACKLOG_IMPORT_ASYNC_BYTES = 10 * 1024 * 1024
    client.force_login(city_officer)
    response = post(client, campaign, xlsx(GOOD))
    assert response.status_code == 302
    assert not ImportJob.objects.exists()
    assert BacklogCase.objects.count() == 2


def test_rejected_rows_give_the_owner_the_error_report(
        client, city_officer, campaign, leader, eager, django_capture_on_commit_callbacks):
    client.force_login(city_officer)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, campaign, xlsx([*GOOD, ("", "T99", "nobody", "soon")]))
    job = ImportJob.objects.get()
    assert (job.status, job.rejected_rows, job.created_count) == ("rejected", 1, 0)
    assert not BacklogCase.objects.exists()
    page = client.get(reverse("backlog:import_job", args=[job.pk])).content.decode()
    assert 'data-testid="error-report"' in page and "T99" in page
    report = client.get(reverse("backlog:import_errors", args=[job.report]))
    assert report.status_code == 200
    assert "1" in Notification.objects.get(user=city_officer, kind="import").text


def test_the_soft_time_limit_fails_the_job_tells_the_owner_and_writes_nothing(
        city_officer, campaign, leader, tmp_path, monkeypatch):
    job = import_runner.import_job_start(
        actor=city_officer, campaign=campaign,
        upload=SimpleUploadedFile("big.xlsx", xlsx(GOOD)), enqueue=lambda task, args: None)

    real = BacklogEvent.objects.bulk_create

    def cases_written_then_time_is_up(*args, **kwargs):
        assert BacklogCase.objects.count() == 2  # the cases are in, the events not yet
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(BacklogEvent.objects, "bulk_create", cases_written_then_time_is_up)
    run_import.apply(args=[job.pk])  # as the worker runs it
    monkeypatch.setattr(BacklogEvent.objects, "bulk_create", real)
    job.refresh_from_db()
    assert job.status == "failed"
    assert "分钟" in job.error  # in words the owner reads: stopped, nothing imported
    assert not BacklogCase.objects.exists()  # one transaction: nothing half-written
    assert not BacklogEvent.objects.exists()
    note = Notification.objects.get(user=city_officer, kind="import")
    assert note.link == reverse("backlog:import_job", args=[job.pk])
    assert "超时" in note.text and "big.xlsx" in note.text
    assert stored_files(tmp_path) == []


def test_the_task_carries_soft_and_hard_time_limits(settings):
    assert run_import.soft_time_limit == settings.BACKLOG_IMPORT_SOFT_TIME_LIMIT
    assert run_import.time_limit == settings.BACKLOG_IMPORT_TIME_LIMIT
    assert run_import.soft_time_limit < run_import.time_limit


def test_a_job_left_running_past_its_limit_is_failed_with_a_message(
        city_officer, campaign, tmp_path, settings):
    job = import_runner.import_job_start(
        actor=city_officer, campaign=campaign,
        upload=SimpleUploadedFile("lost.xlsx", xlsx(GOOD)), enqueue=lambda task, args: None)
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", started_at=now - timedelta(seconds=2 * settings.BACKLOG_IMPORT_TIME_LIMIT
                                                     + 60))
    fresh = import_runner.import_job_start(
        actor=city_officer, campaign=campaign,
        upload=SimpleUploadedFile("fresh.xlsx", xlsx(GOOD)), enqueue=lambda task, args: None)
    ImportJob.objects.filter(pk=fresh.pk).update(status="running", started_at=now)
    lines = run_job("recover_exports")
    assert f"recover_exports: import job {job.pk} marked failed" in lines
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert (job.status, fresh.status) == ("failed", "running")
    assert job.error
    note = Notification.objects.get(user=city_officer, kind="import")
    assert note.text == job.error
    assert run_job("recover_exports") == []  # once


def test_a_job_is_its_owners_alone(client, city_officer, campaign, supervisor):
    job = import_runner.import_job_start(
        actor=city_officer, campaign=campaign,
        upload=SimpleUploadedFile("a.xlsx", xlsx(GOOD)), enqueue=lambda task, args: None)
    client.force_login(supervisor)
    for name in ("backlog:import_job", "backlog:import_job_status"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404

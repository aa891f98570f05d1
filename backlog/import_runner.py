"""Large backlog imports in the worker (issue 16): the job row, the stored upload,
the run with a time limit, and the recovery of jobs a lost worker left running.

A 260 KB spreadsheet bomb once held a web worker for 30 s. Uploads above
BACKLOG_IMPORT_ASYNC_BYTES are stored (backlog-imports/ in the files storage, core.files:
0600 on disk or a private object in a bucket, so any worker machine can read them) and
imported by `backlog.run_import` (soft and hard time limits) through the same
`cases_import`, which writes all rows or none in one transaction: a time limit
hit while writing leaves nothing half-written. The owner follows the job on its
page and gets a notification either way. The pattern is the export's
(dashboards.export_runner, recover_exports).
"""

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from backlog.imports import cases_import, error_workbook
from backlog.models import ImportJob
from backlog.permissions import can_act
from core.files import files, save_private

ROW_ERRORS_KEPT = 500


IMPORTS = "backlog-imports"  # stored uploads, deleted when their job ends
ERRORS = "backlog-import-errors"  # error reports, served by backlog.views.import_errors


def error_report_path(token: str) -> str:
    return f"{ERRORS}/{token}.xlsx"


def is_large(upload) -> bool:
    return (upload.size or 0) > settings.BACKLOG_IMPORT_ASYNC_BYTES


def write_error_report(user_id: int, result) -> str:
    """The rejected rows' workbook, 0600; its token (owner id + random) for the download."""
    token = f"{user_id}-{uuid.uuid4().hex}"
    save_private(error_report_path(token), lambda handle: handle.write(error_workbook(result)))
    return token


def import_job_start(*, actor, campaign, upload,
                     enqueue: Callable[..., None] | None = None) -> ImportJob:
    """Store the upload (0600) and record the job; the task is queued once the row is
    committed. With the broker down the job stays pending and beat re-queues it."""
    from backlog.tasks import run_import
    from core.tasks import enqueue_on_commit

    if not can_act(actor, "import"):
        raise PermissionDenied(_("Your role may not do this."))

    def copy(handle) -> None:
        for chunk in upload.chunks():
            handle.write(chunk)

    stored, _size = save_private(f"{IMPORTS}/{uuid.uuid4().hex}.xlsx", copy)
    job = ImportJob.objects.create(user=actor, campaign=campaign,
                                   stored_name=stored.rpartition("/")[2],
                                   original_name=(upload.name or "")[:255], size=upload.size)
    (enqueue or enqueue_on_commit)(run_import, args=[job.pk])
    return job


def _finish(job: ImportJob, *, status: str, text: str, now: datetime, **fields) -> bool:
    """Conditional on the job still running: whoever finishes first wins, once."""
    from alerts.models import Notification

    updated = ImportJob.objects.filter(pk=job.pk, status__in=[
        ImportJob.Status.PENDING, ImportJob.Status.RUNNING]).update(
        status=status, finished_at=now, **fields)
    if updated:
        Notification.objects.create(user_id=job.user_id, kind=Notification.Kind.IMPORT,
                                    day=timezone.localdate(now), text=text,
                                    link=reverse("backlog:import_job", args=[job.pk]))
    if job.stored_name:  # the upload holds personal data: gone once the job ends
        files.delete(f"{IMPORTS}/{job.stored_name}")
    return bool(updated)


def import_job_run(*, job_id: int) -> None:
    """Run the import of a stored upload; the result, the rejected rows or the error on
    the job, and a notification to its owner."""
    job = ImportJob.objects.select_related("user", "campaign").get(pk=job_id)
    if job.finished:
        return  # a redelivered task
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING,
                                              started_at=timezone.now(), done=0, total=0)
    name = job.original_name or _("the file")

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        with files.open(f"{IMPORTS}/{job.stored_name}", "rb") as handle:
            result = cases_import(actor=job.user, campaign=job.campaign,
                                  upload=File(handle, name=job.original_name),
                                  progress=progress)
    except SoftTimeLimitExceeded:
        minutes = max(1, settings.BACKLOG_IMPORT_SOFT_TIME_LIMIT // 60)
        _finish(job, status=ImportJob.Status.FAILED, now=timezone.now(),
                error=_("The import took longer than %(n)d minutes and was stopped; nothing "
                        "was imported. Split the file into smaller ones.") % {"n": minutes},
                text=_("The import of %(name)s was stopped (time limit); nothing was "
                       "imported.") % {"name": name})
        return
    except (ValidationError, PermissionDenied, FileNotFoundError) as exc:
        message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        _finish(job, status=ImportJob.Status.FAILED, now=timezone.now(), error=message[:2000],
                text=_("The import of %(name)s failed: %(error)s") % {
                    "name": name, "error": message[:200]})
        return
    except Exception as exc:
        _finish(job, status=ImportJob.Status.FAILED, now=timezone.now(), error=str(exc)[:2000],
                text=_("The import of %(name)s failed; nothing was imported.") % {"name": name})
        raise
    if result.errors:
        report = write_error_report(job.user_id, result)
        _finish(job, status=ImportJob.Status.REJECTED, now=timezone.now(), report=report,
                row_errors=result.errors[:ROW_ERRORS_KEPT], rejected_rows=len(result.errors),
                text=_("The import of %(name)s: %(n)d row(s) rejected, nothing imported. "
                       "The error report is ready.") % {"name": name,
                                                        "n": len(result.errors)})
        return
    _finish(job, status=ImportJob.Status.DONE, now=timezone.now(), created_count=result.count,
            text=_("The import of %(name)s is done: %(n)d cases created.") % {
                "name": name, "n": result.count})


# A job still pending this long was never delivered (the broker was down).
REQUEUE_AFTER = timedelta(minutes=5)


def import_jobs_recover(*, now: datetime) -> list[str]:
    """Re-queue pending jobs; fail (and tell the owner) a job "running" past twice the
    hard time limit: its worker was lost, nothing will ever finish it."""
    from backlog.tasks import run_import
    from core.tasks import enqueue_on_commit

    lines = []
    pending = ImportJob.objects.filter(status=ImportJob.Status.PENDING,
                                       created_at__lt=now - REQUEUE_AFTER)
    for job_id in pending.values_list("pk", flat=True):
        enqueue_on_commit(run_import, args=[job_id])
        lines.append(f"recover_exports: import job {job_id} re-queued")
    stale_after = timedelta(seconds=2 * settings.BACKLOG_IMPORT_TIME_LIMIT)
    message = _("The import stopped before it finished (time limit or server restart); "
                "nothing was imported. Please upload the file again.")
    for job in ImportJob.objects.filter(status=ImportJob.Status.RUNNING,
                                        started_at__lt=now - stale_after):
        if _finish(job, status=ImportJob.Status.FAILED, now=now, error=message, text=message):
            lines.append(f"recover_exports: import job {job.pk} marked failed")
    return lines

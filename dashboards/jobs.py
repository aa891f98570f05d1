"""purge_exports: large-export files and their jobs are kept EXPORT_KEEP_DAYS days.
recover_exports: re-queue what a broker outage left pending; fail what a lost worker
left running (issue 16).
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.files import files
from core.jobs import register
from core.tasks import enqueue_on_commit
from dashboards.export_runner import export_path
from dashboards.models import ExportJob


@register("purge_exports")
def purge_exports(*, as_of: date) -> list[str]:
    cutoff = timezone.make_aware(datetime.combine(as_of - timedelta(
        days=settings.EXPORT_KEEP_DAYS), time.min))
    old = ExportJob.objects.filter(created_at__lt=cutoff)
    names = [n for n in old.values_list("file_name", flat=True) if n]
    for name in names:
        files.delete(export_path(name))  # local or in the bucket; a missing one is fine
    count, _ = old.delete()
    return [f"purge_exports: {count} export(s) older than {cutoff:%Y-%m-%d} removed"] if count \
        else []


# A job still pending this long was never delivered (the broker was down).
REQUEUE_AFTER = timedelta(minutes=5)
# Past the task's hard time limit (twice, as a job may wait before it starts) a
# "running" job has lost its worker: nothing will ever finish it.
def _stale_after() -> timedelta:
    return timedelta(seconds=2 * settings.CELERY_TASK_TIME_LIMIT)


def exports_recover(*, now: datetime) -> list[str]:
    from alerts.models import Notification
    from dashboards.tasks import run_export

    lines = []
    pending = ExportJob.objects.filter(status=ExportJob.Status.PENDING,
                                       created_at__lt=now - REQUEUE_AFTER)
    for job_id in pending.values_list("pk", flat=True):
        enqueue_on_commit(run_export, args=[job_id], queue=settings.EXPORT_QUEUE)
        lines.append(f"recover_exports: export job {job_id} re-queued")
    message = _("The export stopped before it finished (the server restarted). "
                "Please start it again.")
    stale = list(ExportJob.objects.filter(status=ExportJob.Status.RUNNING,
                                          created_at__lt=now - _stale_after()))
    for job in stale:
        # Conditional: a worker finishing at this moment wins.
        if ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).update(
                status=ExportJob.Status.FAILED, error=message, finished_at=now):
            Notification.objects.create(user_id=job.user_id, kind=Notification.Kind.EXPORT,
                                        day=timezone.localdate(now), text=message,
                                        link=reverse("dashboards:export_job", args=[job.pk]))
            lines.append(f"recover_exports: export job {job.pk} marked failed")
    return lines


@register("recover_exports")
def recover_exports(*, as_of: date) -> list[str]:
    # Runs every few minutes: the moment matters here, not the day.
    return exports_recover(now=timezone.now())

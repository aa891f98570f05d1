"""The background half of an export: the task writes the job's workbook.

The task rebuilds the job's exporter from its owner and filters (so the scope is
the list's), writes the workbook with the one writer (rows streamed from the
database in chunks: memory stays flat) to exports/ in the files storage (core.files:
local or a bucket, so any web machine can serve it), and leaves a
notification with the download link. dashboards.tasks imports this module; the
view that queues the task (dashboards.exports) imports the task: one direction.
"""

import uuid
from pathlib import PurePosixPath

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import local_today
from core.exports import exporter_class
from core.files import save_private
from dashboards.models import ExportJob


def export_path(file_name: str) -> str:
    """The job's file in the files storage (core.files)."""
    return f"exports/{file_name}"


def export_run(*, job_id: int) -> None:
    """Write the job's workbook; progress every chunk; a notification when ready."""
    from alerts.models import Notification

    job = ExportJob.objects.select_related("user", "user__org_unit").get(pk=job_id)
    if job.status == ExportJob.Status.DONE:
        return  # a redelivered task: the file is there already
    exporter = exporter_class(job.name)(user=job.user, params=job.params, today=local_today())
    total = exporter.count() or 0
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, total=total,
                                              done=0)

    def counted(rows, every=2000):
        for index, row in enumerate(rows, start=1):
            if index % every == 0:
                ExportJob.objects.filter(pk=job.pk).update(done=index)
            yield row

    try:
        stored, count = save_private(  # 0600 or a private object: personal data
            export_path(f"{uuid.uuid4().hex}.xlsx"),
            lambda handle: exporter.write(handle, rows=counted(exporter.rows())))
    except Exception as exc:
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED,
                                                  error=str(exc)[:2000])
        raise
    file_name = PurePosixPath(stored).name
    now = timezone.now()
    # One transaction: whoever sees the job done also finds its notification.
    with transaction.atomic():
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.DONE, done=count,
                                                  total=count, file_name=file_name,
                                                  finished_at=now)
        Notification.objects.create(
            user=job.user, kind=Notification.Kind.EXPORT, day=timezone.localdate(now),
            text=_("Your export %(name)s is ready: %(count)s rows.") % {
                "name": exporter.filename(timezone.localdate(job.created_at)),
                "count": count},
            link=reverse("dashboards:export_job", args=[job.pk]))

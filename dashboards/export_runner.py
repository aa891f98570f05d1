"""The background half of an export: the task writes the job's workbook.

The task rebuilds the job's exporter from its owner and filters (so the scope is
the list's), writes the workbook with the one writer (rows streamed from the
database in chunks: memory stays flat) to MEDIA_ROOT/exports/, and leaves a
notification with the download link. dashboards.tasks imports this module; the
view that queues the task (dashboards.exports) imports the task: one direction.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import local_today
from core.exports import exporter_class
from core.files import open_private
from dashboards.models import ExportJob


def export_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "exports"


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
    root = export_root()
    root.mkdir(parents=True, exist_ok=True)
    file_name = f"{uuid.uuid4().hex}.xlsx"

    def counted(rows, every=2000):
        for index, row in enumerate(rows, start=1):
            if index % every == 0:
                ExportJob.objects.filter(pk=job.pk).update(done=index)
            yield row

    try:
        with open_private(root / file_name) as handle:  # 0600: personal data
            count = exporter.write(handle, rows=counted(exporter.rows()))
    except Exception as exc:
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED,
                                                  error=str(exc)[:2000])
        (root / file_name).unlink(missing_ok=True)
        raise
    now = timezone.now()
    # Done and its notification at once: whoever sees the job done finds the bell's note.
    with transaction.atomic():
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.DONE, done=count,
                                                  total=count, file_name=file_name,
                                                  finished_at=now)
        Notification.objects.create(
            user=job.user, kind=Notification.Kind.EXPORT, day=timezone.localdate(now),
            text=_("Your export %(name)s is ready: %(count)s rows.") % {
                "name": exporter.filename(timezone.localdate(job.created_at)), "count": count},
            link=reverse("dashboards:export_job", args=[job.pk]))

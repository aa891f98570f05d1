"""Large exports run as a Celery task (issue: exports over 20,000 rows).

An export view builds an `ExportSpec` from the request's filters; `respond`
streams it directly when it is small, else records an ExportJob, queues
`dashboards.run_export` and sends the user to the job's progress page. The
task rebuilds the same spec from the job's owner and filters (so scoping is
the list's), writes the workbook with core.excel (write-only, rows streamed
from the database in chunks: memory stays flat) to MEDIA_ROOT/exports/, and
leaves a notification with the download link.
"""

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.excel import Column, write_workbook, xlsx_response
from core.files import open_private


@dataclass
class ExportSpec:
    filename: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]
    filters: dict
    sheet_title: str
    queryset: models.QuerySet  # the records, for the row count


# name -> builder(user, params) -> ExportSpec; apps register theirs at import time
# (the modules below are imported by the task, which may run in a bare worker).
SPECS: dict[str, Callable] = {}
SPEC_MODULES = ("petitions.exports",)


def register(name: str):
    def wrap(fn):
        SPECS[name] = fn
        return fn
    return wrap


def export_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "exports"


def respond(request, name: str, spec: ExportSpec):
    """Stream a small export; queue a large one (more than EXPORT_ASYNC_THRESHOLD rows)."""
    threshold = settings.EXPORT_ASYNC_THRESHOLD
    if not spec.queryset.order_by()[threshold:threshold + 1].exists():
        return xlsx_response(filename=spec.filename, columns=spec.columns, rows=spec.rows,
                             filters=spec.filters, sheet_title=spec.sheet_title)
    job = export_start(user=request.user, name=name, params=request.GET.dict())
    return redirect("dashboards:export_job", pk=job.pk)


def export_start(*, user, name: str, params: dict):
    from core.tasks import enqueue_on_commit
    from dashboards.models import ExportJob
    from dashboards.tasks import run_export

    job = ExportJob.objects.create(user=user, name=name, params=params)
    # Queue after the job row is committed, so the worker can read it; with the
    # broker down the job stays pending and beat re-queues it (recover_exports).
    enqueue_on_commit(run_export, args=[job.pk], queue=settings.EXPORT_QUEUE)
    return job


def export_run(*, job_id: int) -> None:
    """Write the job's workbook; progress every chunk; a notification when ready."""
    from alerts.models import Notification
    from dashboards.models import ExportJob

    for module in SPEC_MODULES:
        import_module(module)
    job = ExportJob.objects.select_related("user", "user__org_unit").get(pk=job_id)
    if job.status == ExportJob.Status.DONE:
        return  # a redelivered task: the file is there already
    spec = SPECS[job.name](job.user, job.params)
    total = spec.queryset.count()
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
            count = write_workbook(handle, columns=spec.columns, rows=counted(spec.rows),
                                   filters=spec.filters, sheet_title=spec.sheet_title)
    except Exception as exc:
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED,
                                                  error=str(exc)[:2000])
        (root / file_name).unlink(missing_ok=True)
        raise
    now = timezone.now()
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.DONE, done=count,
                                              total=count, file_name=file_name,
                                              finished_at=now)
    Notification.objects.create(
        user=job.user, kind=Notification.Kind.EXPORT, day=timezone.localdate(now),
        text=_("Your export %(name)s is ready: %(count)s rows.") % {
            "name": spec.filename, "count": count},
        link=reverse("dashboards:export_job", args=[job.pk]))

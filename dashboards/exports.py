"""`/exports/<name>.xlsx`: the one export view (api.md, Excel exports; issue 14).

The view finds the exporter registered under the name (core.exports) and
builds it from the user and the request's filters. With at most
EXPORT_ASYNC_THRESHOLD rows the workbook is written in the request and
streamed; past it an ExportJob is recorded, `dashboards.run_export` is queued
and the user goes to the job's progress page. The same rule for every exporter.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view

from core.dates import local_today
from core.exports import exporter_class
from core.tasks import enqueue_on_commit
from dashboards.export_runner import export_path
from dashboards.models import ExportJob
from dashboards.tasks import run_export

__all__ = ["export_path", "export_start", "export_view"]


def export_start(*, user, name: str, params: dict) -> ExportJob:
    job = ExportJob.objects.create(user=user, name=name, params=params)
    # Queue after the job row is committed, so the worker can read it; with the
    # broker down the job stays pending and beat re-queues it (recover_exports).
    enqueue_on_commit(run_export, args=[job.pk], queue=settings.EXPORT_QUEUE)
    return job


@extend_schema(exclude=True)
@api_view(["GET"])
def export_view(request, name: str):
    """Session or token auth (api.md), so a script can fetch what a page links."""
    exporter_cls = exporter_class(name)
    if exporter_cls is None:
        raise Http404
    exporter = exporter_cls(user=request.user, params=request.GET, today=local_today())
    if not exporter.is_large(settings.EXPORT_ASYNC_THRESHOLD):
        return exporter.response()
    job = export_start(user=request.user, name=name, params=request.GET.dict())
    return redirect("dashboards:export_job", pk=job.pk)

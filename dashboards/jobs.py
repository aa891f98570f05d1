"""purge_exports: large-export files and their jobs are kept EXPORT_KEEP_DAYS days."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from common.jobs import register
from dashboards.export_runner import export_root
from dashboards.models import ExportJob


@register("purge_exports")
def purge_exports(*, as_of: date) -> list[str]:
    cutoff = timezone.make_aware(datetime.combine(as_of - timedelta(
        days=settings.EXPORT_KEEP_DAYS), time.min))
    old = ExportJob.objects.filter(created_at__lt=cutoff)
    names = [n for n in old.values_list("file_name", flat=True) if n]
    for name in names:
        (export_root() / name).unlink(missing_ok=True)
    count, _ = old.delete()
    return [f"purge_exports: {count} export(s) older than {cutoff:%Y-%m-%d} removed"] if count \
        else []

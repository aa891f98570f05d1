"""Celery tasks of the backlog app."""

from celery import shared_task
from django.conf import settings

from backlog.import_runner import import_job_run


# The soft limit raises SoftTimeLimitExceeded inside the import (caught there: job
# failed, owner told, the one transaction rolled back); the hard limit kills the
# process, and recover_exports fails the job it left running.
@shared_task(name="backlog.run_import", soft_time_limit=settings.BACKLOG_IMPORT_SOFT_TIME_LIMIT,
             time_limit=settings.BACKLOG_IMPORT_TIME_LIMIT)
def run_import(job_id: int) -> None:
    import_job_run(job_id=job_id)

from celery import shared_task

from dashboards.export_runner import export_run


@shared_task(name="dashboards.run_export")
def run_export(job_id: int) -> None:
    export_run(job_id=job_id)

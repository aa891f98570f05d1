from celery import shared_task


@shared_task(name="dashboards.run_export")
def run_export(job_id: int) -> None:
    from dashboards.exports import export_run

    export_run(job_id=job_id)

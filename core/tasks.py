from datetime import date

from celery import shared_task

from core import jobs


@shared_task(name="core.run_job", acks_late=True)  # type: ignore[untyped-decorator]
def run_job(name: str, as_of: str | None = None) -> int:
    # Jobs are idempotent (unique constraints), so acks_late is safe here.
    lines = jobs.run_job(name, as_of=date.fromisoformat(as_of) if as_of else None)
    return len(lines)

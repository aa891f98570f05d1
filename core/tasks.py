import logging
from datetime import date
from typing import Any

from celery import shared_task
from django.db import transaction

from core import jobs

logger = logging.getLogger(__name__)


@shared_task(name="core.run_job", acks_late=True)  # type: ignore[untyped-decorator]
def run_job(name: str, as_of: str | None = None) -> int:
    # Jobs are idempotent (unique constraints), so acks_late is safe here.
    lines = jobs.run_job(name, as_of=date.fromisoformat(as_of) if as_of else None)
    return len(lines)


def enqueue_on_commit(task: Any, *, args: list[Any], **options: Any) -> None:
    """Queue `task` once the transaction commits; a broker outage is logged, not raised.

    The write has committed by then: raising would turn a saved record into a
    500. The caller keeps a pending row in the database (e.g. ExportJob), and a
    beat job re-queues what is still pending (dashboards.jobs.recover_exports).
    """

    def send() -> None:
        try:
            task.apply_async(args=args, **options)
        except Exception as exc:  # kombu.OperationalError, redis errors, timeouts
            logger.warning("could not queue %s%r, left pending for beat: %s",
                           task.name, args, exc)

    transaction.on_commit(send)

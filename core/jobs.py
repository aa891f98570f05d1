"""The registry of periodic jobs.

Each app registers its jobs here (from its AppConfig.ready via a `jobs` module).
A job is a plain function `job(*, as_of: date) -> list[str]` returning one line
per thing it raised or sent, so that `runjobs` can print it and a second run on
the same date returns nothing new. Celery beat, `runjobs` and the tests all run
jobs through `run_job`.
"""

from collections.abc import Callable
from datetime import date

from core.dates import local_today

JobFunction = Callable[..., list[str]]
_registry: dict[str, list[JobFunction]] = {}

# The job names of api.md, in the order the scheduler runs them.
JOB_NAMES = ("flag_overdue", "flag_missing_reports", "send_reminders", "recompute_assessment")


def register(name: str) -> Callable[[JobFunction], JobFunction]:
    """Add a function to the job `name`; several apps may contribute to one job."""

    def decorator(func: JobFunction) -> JobFunction:
        _registry.setdefault(name, [])
        if func not in _registry[name]:
            _registry[name].append(func)
        return func

    return decorator


def known_jobs() -> list[str]:
    return [name for name in JOB_NAMES if name in _registry] + sorted(
        name for name in _registry if name not in JOB_NAMES
    )


def run_job(name: str, *, as_of: date | None = None) -> list[str]:
    if name not in _registry:
        raise KeyError(name)
    as_of = as_of or local_today()
    lines: list[str] = []
    for func in _registry[name]:
        lines.extend(func(as_of=as_of))
    return lines

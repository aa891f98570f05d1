"""The one source of "today" and "now" (docs/decisions.md, "time").

Services, selectors, filters and jobs take `today=`/`now=` keyword arguments
that default to these; views, the API and tasks pass them in. Tests pin the
clock with time-machine, and CI runs the suite again as of a later date.
"""

from datetime import date, datetime

from django.utils import timezone


def local_today() -> date:
    """Today in the deployment's time zone (Asia/Shanghai), not UTC."""
    return timezone.localdate()


def local_now() -> datetime:
    """Now, aware (UTC inside; shown in Asia/Shanghai)."""
    return timezone.now()

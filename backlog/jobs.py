"""Periodic jobs: overdue alerts and reminders, set-based and idempotent.

Each job is one INSERT ... SELECT ... ON CONFLICT DO NOTHING (the unique keys of
Alert and BacklogReminder make a rerun a no-op; alerts through
alerts.services) plus, for alerts, one clearing UPDATE. Nothing loops over cases in Python.
"""

from datetime import date, timedelta

from django.db import connection
from django.db.models import Q

from alerts.models import Alert
from alerts.services import clear_done, raise_overdue
from backlog.models import BacklogCase, BacklogReminder
from core import jobs

# Reminders go out this many days before the deadline (and once each).
REMINDER_DAYS = (7, 1)


def _unresolved_sql() -> tuple[str, list]:
    statuses = list(BacklogCase.UNRESOLVED_STATUSES)
    return ", ".join(["%s"] * len(statuses)), statuses


@jobs.register("flag_overdue")
def flag_backlog_overdue(*, as_of: date) -> list[str]:
    """Raise a backlog_overdue alert for every case past its deadline and not yet
    resolved; clear the alerts of cases resolved since (or whose deadline moved)."""
    overdue = BacklogCase.objects.filter(status__in=BacklogCase.UNRESOLVED_STATUSES,
                                         due_on__lt=as_of)
    raised = raise_overdue(kind=Alert.Kind.BACKLOG_OVERDUE,
                           target_type=Alert.TargetType.BACKLOG_CASE,
                           late=overdue.values_list("id", "org_unit_id", "due_on"), as_of=as_of)
    clear_done(kind=Alert.Kind.BACKLOG_OVERDUE, done=~Q(target_id__in=overdue.values("id")),
               as_of=as_of)
    return [f"backlog_overdue case {target_id} due {due_on}" for target_id, _u, due_on in raised]


@jobs.register("send_reminders")
def remind_backlog_leaders(*, as_of: date) -> list[str]:
    """Remind the leader in charge 7 days and 1 day before the deadline; each
    reminder is recorded once (BacklogReminder), so reruns send nothing."""
    marks, statuses = _unresolved_sql()
    reminder, case = BacklogReminder._meta.db_table, BacklogCase._meta.db_table
    lines = []
    # Windows (as_of + next, as_of + days]: a case due tomorrow gets the 1-day
    # reminder, not the 7-day one as well.
    bounds = sorted(REMINDER_DAYS, reverse=True)
    with connection.cursor() as cursor:
        for index, days in enumerate(bounds):
            after = as_of + timedelta(days=bounds[index + 1] if index + 1 < len(bounds) else 0)
            cursor.execute(
                f"""INSERT INTO {reminder} (case_id, recipient_id, due_on, days_before, sent_on)
                    SELECT c.id, c.leader_id, c.due_on, %s, %s FROM {case} c
                     WHERE c.status IN ({marks}) AND c.due_on > %s AND c.due_on <= %s
                    ON CONFLICT DO NOTHING
                    RETURNING case_id, recipient_id, due_on""",
                [days, as_of, *statuses, after, as_of + timedelta(days=days)])
            lines += [f"backlog reminder ({days}d) case {c} to user {u}, due {d}"
                      for c, u, d in cursor.fetchall()]
    return lines


@jobs.register("purge_exports")
def purge_import_error_reports(*, as_of: date) -> list[str]:
    """Import error reports hold the uploaded rows: kept as long as exports, no longer."""
    from datetime import datetime, time

    from django.conf import settings
    from django.utils import timezone

    from backlog.import_runner import ERRORS
    from core.files import purge_older_than

    cutoff = timezone.make_aware(datetime.combine(
        as_of - timedelta(days=settings.EXPORT_KEEP_DAYS), time.min))
    count = purge_older_than(ERRORS, cutoff)
    return [f"purge_exports: {count} import error report(s) removed"] if count else []


@jobs.register("recover_exports")
def recover_imports(*, as_of: date) -> list[str]:
    """Large imports, like exports: re-queue the pending, fail the lost (issue 16)."""
    from django.utils import timezone

    from backlog.import_runner import import_jobs_recover

    return import_jobs_recover(now=timezone.now())  # the moment matters, not the day


@jobs.register("purge_exports")
def purge_stored_imports(*, as_of: date) -> list[str]:
    """Uploads a job never got to (each run deletes its own): kept no longer than exports."""
    from datetime import datetime, time

    from django.conf import settings
    from django.utils import timezone

    from backlog.import_runner import IMPORTS
    from core.files import purge_older_than

    cutoff = timezone.make_aware(datetime.combine(
        as_of - timedelta(days=settings.EXPORT_KEEP_DAYS), time.min))
    count = purge_older_than(IMPORTS, cutoff)
    return [f"purge_exports: {count} stored import upload(s) removed"] if count else []

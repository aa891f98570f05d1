"""The audit log's own periodic jobs: retention, and the daily proof."""

from datetime import date

import django.dispatch
from django.db import ProgrammingError

from audit.services import audit_checkpoint, audit_purge, audit_verify
from core.jobs import register


@register("purge_audit_log")
def purge_audit_log(*, as_of: date) -> list[str]:
    try:
        deleted = audit_purge(as_of=as_of)
    except ProgrammingError:
        # The app role may not DELETE audit rows (docker-compose): the owner runs it.
        return ["purge_audit_log needs the owner role: run it from the migrate service"]
    return [f"purged {deleted} audit row(s) past their retention"] if deleted else []


@register("verify_audit_log")
def verify_audit_log(*, as_of: date) -> list[str]:
    """Check the whole chain; anchor today's head only if it is intact, else alert."""
    problems = audit_verify()
    if not problems:
        audit_checkpoint(day=as_of)
        return []
    _alert_admins(as_of, problems)
    return [f"audit log broken at row {row}: {what}" for row, what in problems]


# The bell lives in the alerts app, a layer above: it listens (alerts.receivers).
audit_broken = django.dispatch.Signal()  # sends as_of, count


def _alert_admins(as_of: date, problems) -> None:
    audit_broken.send(sender=None, as_of=as_of, count=len(problems))

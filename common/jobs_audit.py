"""The audit log's own periodic jobs: retention, and the daily proof."""

from datetime import date

from django.db import ProgrammingError
from django.utils.translation import gettext as _

from common.audit import audit_checkpoint, audit_purge, audit_verify
from common.jobs import register


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


def _alert_admins(as_of: date, problems) -> None:
    from accounts.models import User
    from supervision.models import Notification  # the admins' bell (one line, see events)

    text = _("The audit log failed its integrity check (%(count)s problem(s)); run "
             "manage.py audit_verify and inspect the database.") % {"count": len(problems)}
    Notification.objects.bulk_create([
        Notification(user=admin, kind=Notification.Kind.NOTICE, day=as_of, text=text)
        for admin in User.objects.filter(is_active=True, is_superuser=True)])

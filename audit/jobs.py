"""The audit log's own periodic job."""

from datetime import date

from audit.services import audit_purge
from core.jobs import register


@register("purge_audit_log")
def purge_audit_log(*, as_of: date) -> list[str]:
    deleted = audit_purge(as_of=as_of)
    return [f"purged {deleted} audit row(s) past their retention"] if deleted else []

"""The append-only audit log: logins, failed access, reveals of personal data,
exports. State changes are already written as each app's event rows.
"""

import hashlib
import json

from django.db import connection, transaction
from django.utils import timezone

from audit.models import AuditEntry

_GENESIS = "0" * 64
# Any constant: serialises writers of the chain on PostgreSQL.
_CHAIN_LOCK = 7_310_101


def _digest(prev_hash: str, *, at, username, action, object_type, object_id, data) -> str:
    payload = json.dumps(
        [prev_hash, at.isoformat(), username, action, object_type, object_id, data],
        sort_keys=True, ensure_ascii=False, default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


@transaction.atomic
def audit(*, action: str, user=None, username: str = "", obj_type: str = "", obj_id="",
          data: dict | None = None, request=None) -> AuditEntry:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
    last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
    actor = user if user is not None and user.is_authenticated else None
    entry = AuditEntry(
        at=timezone.now(), actor=actor, username=username or (actor.username if actor else ""),
        action=action, object_type=obj_type, object_id=str(obj_id), ip=client_ip(request),
        data=json.loads(json.dumps(data or {}, default=str)), prev_hash=last or _GENESIS,
    )
    entry.hash = _digest(entry.prev_hash, at=entry.at, username=entry.username,
                         action=entry.action, object_type=entry.object_type,
                         object_id=entry.object_id, data=entry.data)
    entry.save(force_insert=True)
    return entry


def audit_verify_chain() -> int | None:
    """The id of the first row whose hash does not match, or None if intact.

    The chain starts at the oldest row kept: rows past their retention are
    purged from the start of the log, never from its middle.
    """
    first = AuditEntry.objects.order_by("id").values_list("prev_hash", flat=True).first()
    prev = first or _GENESIS
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        expected = _digest(prev, at=entry.at, username=entry.username, action=entry.action,
                           object_type=entry.object_type, object_id=entry.object_id,
                           data=entry.data)
        if entry.prev_hash != prev or entry.hash != expected:
            return entry.pk
        prev = entry.hash
    return None


@transaction.atomic
def audit_purge(*, as_of) -> int:
    """Delete the audit rows older than AUDIT_RETENTION_YEARS (at least one year)."""
    from django.conf import settings

    years = max(1, settings.AUDIT_RETENTION_YEARS)
    cutoff = timezone.make_aware(
        timezone.datetime(as_of.year - years, as_of.month, min(as_of.day, 28)))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
            cursor.execute("SET LOCAL xinfang.audit_purge = 'on'")
    deleted, _ = AuditEntry.objects.filter(at__lt=cutoff).delete()
    return deleted

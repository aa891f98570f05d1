"""The append-only audit log: logins, failed access, reveals of personal data,
exports. State changes are already written as each app's event rows.

Each row's hash is an HMAC-SHA256 over every column and the previous row's
hash, keyed by a secret that is not in the database (`audit_key`): whoever
edits rows through the database cannot recompute a valid chain. A signed daily
checkpoint (count + head hash) anchors the chain's ends; `audit_verify` checks
both (docs/security.md says what it catches and what it cannot).
"""

import hashlib
import hmac
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from audit.models import AuditCheckpoint, AuditEntry
from core.files import files, save_private


class Person(Protocol):
    """Whoever acted: a user or an anonymous visitor (request.user). The audit log
    sits below accounts (it imports no project app), so it names what it reads."""

    @property
    def pk(self) -> Any: ...
    @property
    def username(self) -> str: ...
    @property
    def is_authenticated(self) -> bool: ...


_GENESIS = "0" * 64
# Any constant: serialises writers of the chain on PostgreSQL.
_CHAIN_LOCK = 7_310_101


def audit_key() -> bytes:
    """AUDIT_HMAC_KEY if set, else derived from FIELD_ENCRYPTION_KEY (which must stay
    stable anyway: it decrypts the personal data). Not SECRET_KEY: rotating that
    must not break the chain. See docs/decisions.md."""
    configured = getattr(settings, "AUDIT_HMAC_KEY", "") or ""
    if configured:
        return configured.encode()
    return hmac.new(settings.FIELD_ENCRYPTION_KEY.encode(), b"xinfang audit chain v1",
                    hashlib.sha256).digest()


def _payload(prev_hash: str, entry: AuditEntry) -> list[Any]:
    return [prev_hash, entry.at.isoformat(), entry.actor_id, entry.username, entry.action,
            entry.object_type, entry.object_id, entry.ip, entry.data]


def _digest(prev_hash: str, entry: AuditEntry, *, key: bytes | None = None) -> str:
    message = json.dumps(_payload(prev_hash, entry), sort_keys=True, ensure_ascii=False,
                         default=str)
    return hmac.new(key or audit_key(), message.encode(), hashlib.sha256).hexdigest()


def _legacy_digest(prev_hash: str, entry: AuditEntry) -> str:
    # Rows written before the HMAC (issue 16): plain SHA-256 without actor_id and ip.
    payload = json.dumps(
        [prev_hash, entry.at.isoformat(), entry.username, entry.action, entry.object_type,
         entry.object_id, entry.data], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def client_ip(request: HttpRequest | None) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


@transaction.atomic
def audit(*, action: str, user: Person | None = None, username: str = "", obj_type: str = "",
          obj_id: object = "", data: dict[str, Any] | None = None,
          request: HttpRequest | None = None, now: datetime | None = None) -> AuditEntry:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
    last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
    actor = user if user is not None and user.is_authenticated else None
    entry = AuditEntry(
        at=now or timezone.now(), actor_id=actor.pk if actor else None,
        username=username or (actor.username if actor else ""),
        action=action, object_type=obj_type, object_id=str(obj_id), ip=client_ip(request),
        data=json.loads(json.dumps(data or {}, default=str)), prev_hash=last or _GENESIS,
    )
    entry.hash = _digest(entry.prev_hash, entry)
    entry.save(force_insert=True)
    return entry


def audit_verify_chain() -> int | None:
    """The id of the first row whose hash does not match, or None if intact."""
    problems = audit_verify()
    return problems[0][0] if problems else None


def audit_verify() -> list[tuple[int | None, str]]:
    """Every break found, as (row id or None, what is wrong); empty if intact.

    Rows written before the HMAC verify with the legacy SHA-256, but only as a
    prefix: once one HMAC row is seen, a legacy hash is a forgery.
    """
    problems: list[tuple[int | None, str]] = []
    first = AuditEntry.objects.order_by("id").first()
    if first is not None and first.prev_hash != _GENESIS and not _purge_explains(first):
        problems.append((first.pk, "the oldest rows were deleted outside a recorded purge"))
    key = audit_key()
    prev = first.prev_hash if first else _GENESIS
    legacy_allowed = True
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != prev:
            problems.append((entry.pk, "the row before this one was deleted or changed"))
        if entry.hash == _digest(entry.prev_hash, entry, key=key):
            legacy_allowed = False
        elif not (legacy_allowed and entry.hash == _legacy_digest(entry.prev_hash, entry)):
            problems.append((entry.pk, "the row was edited, or its hash forged"))
        prev = entry.hash
    problems.extend(_checkpoint_problems(first))
    return problems


def _purge_explains(first: AuditEntry) -> bool:
    """A purge records which row became the oldest; rows cut without one are a break."""
    return AuditEntry.objects.filter(
        action="audit_purge", data__first_kept_id=first.pk,
        data__first_kept_prev_hash=first.prev_hash).exists()


def _sign(day: date, count: int, head_id: int, head_hash: str) -> str:
    message = json.dumps([day.isoformat(), count, head_id, head_hash])
    return hmac.new(audit_key(), message.encode(), hashlib.sha256).hexdigest()


# The copies of the checkpoints outside the database: one object a day in the files
# storage (core.files), so that every machine writes and reads the same ones (issue 21;
# docs/decisions.md). Before that, one local file held them: still read if present.
CHECKPOINT_COPIES = "audit-checkpoints"


def _legacy_checkpoint_file() -> Path:
    return Path(settings.VAR_DIR) / "backups" / "audit-checkpoints.jsonl"


def _checkpoint_copies() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    if _legacy_checkpoint_file().exists():
        rows += [json.loads(line) for line in _legacy_checkpoint_file().read_text().splitlines()
                 if line.strip()]
    try:
        _, names = files.listdir(CHECKPOINT_COPIES)
    except FileNotFoundError:
        names = []
    for name in sorted(names):
        with files.open(f"{CHECKPOINT_COPIES}/{name}", "rb") as handle:
            rows.append(json.loads(handle.read()))
    return rows


def _checkpoints() -> list[dict[str, Any]]:
    """Checkpoints from the table and from the copies (either may have been cut)."""
    found = {c.day.isoformat(): {"day": c.day.isoformat(), "count": c.count,
                                 "head_id": c.head_id, "head_hash": c.head_hash,
                                 "signature": c.signature}
             for c in AuditCheckpoint.objects.all()}
    for row in _checkpoint_copies():
        found.setdefault(row["day"], row)
    return [found[day] for day in sorted(found)]


def _checkpoint_problems(first: AuditEntry | None) -> list[tuple[int | None, str]]:
    problems: list[tuple[int | None, str]] = []
    previous: dict[str, Any] | None = None
    first_id = first.pk if first else None
    for cp in _checkpoints():
        day = date.fromisoformat(cp["day"])
        if cp["signature"] != _sign(day, cp["count"], cp["head_id"], cp["head_hash"]):
            problems.append((None, f"the checkpoint of {day} is forged"))
            continue
        if first_id is not None and cp["head_id"] >= first_id:
            head = AuditEntry.objects.filter(pk=cp["head_id"]).values_list("hash", flat=True)
            if list(head) != [cp["head_hash"]]:
                problems.append((cp["head_id"], f"rows up to the checkpoint of {day} "
                                                "were deleted or changed"))
            elif previous is not None and previous["head_id"] >= first_id:
                between = AuditEntry.objects.filter(
                    pk__gt=previous["head_id"], pk__lte=cp["head_id"]).count()
                if between != cp["count"] - previous["count"]:
                    problems.append((cp["head_id"], f"rows before the checkpoint of {day} "
                                                    "were deleted"))
        elif first_id is None and cp["count"]:
            problems.append((None, f"the log is empty but had {cp['count']} rows on {day}"))
        previous = cp
    return problems


def audit_checkpoint(*, day: date) -> AuditCheckpoint | None:
    """Anchor today's head (idempotent: one checkpoint a day), in the table and the file."""
    existing = AuditCheckpoint.objects.filter(day=day).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
        head = AuditEntry.objects.order_by("-id").values("id", "hash").first()
        previous = AuditCheckpoint.objects.order_by("-day").first()
        head_id, head_hash = (head["id"], head["hash"]) if head else (0, _GENESIS)
        new = AuditEntry.objects.filter(pk__gt=previous.head_id).count() if previous else \
            AuditEntry.objects.count()
        count = (previous.count if previous else 0) + new
        checkpoint = AuditCheckpoint.objects.create(
            day=day, count=count, head_id=head_id, head_hash=head_hash,
            signature=_sign(day, count, head_id, head_hash))
    copy = json.dumps({"day": day.isoformat(), "count": count, "head_id": head_id,
                       "head_hash": head_hash, "signature": checkpoint.signature})
    save_private(f"{CHECKPOINT_COPIES}/{day.isoformat()}.json",
                 lambda handle: handle.write(copy.encode()))
    return checkpoint


@transaction.atomic
def audit_purge(*, as_of: date) -> int:
    """Delete the audit rows older than AUDIT_RETENTION_YEARS (at least one year)."""
    years = max(1, settings.AUDIT_RETENTION_YEARS)
    cutoff = timezone.make_aware(
        datetime(as_of.year - years, as_of.month, min(as_of.day, 28)))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
            cursor.execute("SET LOCAL xinfang.audit_purge = 'on'")
    deleted, _ = AuditEntry.objects.filter(at__lt=cutoff).delete()
    if deleted:
        # The purge is itself audited, naming the new oldest row: audit_verify
        # tells this cut from a deletion made around the application.
        first = AuditEntry.objects.order_by("id").first()
        audit(action="audit_purge", data={
            "deleted": deleted, "before": cutoff.isoformat(),
            "first_kept_id": first.pk if first else None,
            "first_kept_prev_hash": first.prev_hash if first else None})
    return deleted

"""Create a record at most once per one-time key (pages) or Idempotency-Key (API)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Model

from accounts.models import User
from idempotency.models import IdempotencyKey

MAX_KEY = 64


M = TypeVar("M", bound=Model)


@dataclass
class Once(Generic[M]):
    pk: int | None  # the record created by the first use of the key
    obj: M | None  # that record, only when this call created it
    first: bool
    claim: IdempotencyKey | None


def key_claim(*, user: User, key: str, scope: str) -> tuple[IdempotencyKey, bool]:
    """Insert the key row, or return the existing one (False). Call inside a transaction.

    A concurrent first use blocks the insert until it commits; then the insert
    fails and the committed row is read.
    """
    try:
        with transaction.atomic():  # a savepoint: the failed insert leaves the outer one usable
            return IdempotencyKey.objects.create(user=user, key=key, scope=scope), True
    except IntegrityError:
        return IdempotencyKey.objects.get(user=user, key=key), False


def create_once(*, user: User, key: str, scope: str, create: Callable[[], M]) -> Once[M]:
    """Run `create()` unless this user already used `key`.

    Without a usable key (an old page, a script) the record is simply created.
    If `create()` raises, the key is released with the rollback and can be used again.
    """
    key = (key or "").strip()
    if not key or len(key) > MAX_KEY:
        obj = create()
        return Once(pk=obj.pk, obj=obj, first=True, claim=None)
    with transaction.atomic():
        claim, first = key_claim(user=user, key=key, scope=scope)
        if not first:
            return Once(pk=claim.target_id if claim.scope == scope else None, obj=None,
                        first=False, claim=claim)
        obj = create()
        claim.target_id = obj.pk
        claim.save(update_fields=["target_id"])
        return Once(pk=obj.pk, obj=obj, first=True, claim=claim)

"""Bulk actions (issue 19, item 5): the single action's service, once per item.

Each item runs in the service's own transaction, so an item is done or
refused whole, and writes its own event; one refusal never undoes another
item. The result says per item what happened, with the reason in words.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from core.errors import TransitionError


@dataclass(frozen=True)
class BulkOutcome:
    label: str  # the record in words with its number: "信访事项 XF-2026-000123"
    url: str
    done: bool
    reason: str = ""


def _reason(error: Exception) -> str:
    if isinstance(error, TransitionError):
        return str(error.message)
    if isinstance(error, ValidationError):
        return "；".join(str(m) for m in error.messages)
    return str(error) or _("Your role may not do this.")


def bulk_run(items: Iterable[Any], *, label: Callable[[Any], str], url: Callable[[Any], str],
             action: Callable[[Any], Any]) -> list[BulkOutcome]:
    """Run `action(item)` for each item; never inside an outer transaction, so each
    item's service commits or rolls back on its own."""
    outcomes = []
    for item in items:
        try:
            action(item)
        except (TransitionError, ValidationError, PermissionDenied) as error:
            outcomes.append(BulkOutcome(label(item), url(item), False, _reason(error)))
        else:
            outcomes.append(BulkOutcome(label(item), url(item), True))
    return outcomes


def selected_ids(values: Iterable[str], limit: int = 200) -> list[int]:
    """The ticked rows' ids (digits only, each once, at most `limit`)."""
    ids: list[int] = []
    for value in values:
        if value.isdigit() and int(value) not in ids:
            ids.append(int(value))
    return ids[:limit]

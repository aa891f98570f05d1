"""Allowed moves, declared once per model: which action, from which statuses, by which
roles, with which inputs and date rules. Services check a move with `check()` and its
day with `check_date()`; pages list the moves of a status with `actions_from()`;
permissions read the roles (imports Django only)."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.dates import local_today
from core.errors import TransitionError

R = TypeVar("R")  # the record the move applies to (a petition, a case, a matter)

FUTURE = _("The date cannot be in the future.")


@dataclass(frozen=True)
class DateRule(Generic[R]):
    """When the day of an action (its `on` input) may fall. Checked in this order:

    1. never after today: `FUTURE` (ValidationError on `field`, 400);
    2. never before `after(record)`, the previous step's day (skipped while it is
       unknown): `too_early`, formatted with the day as `%(d)s` or `%(day)s`
       (ValidationError on `field`, 400);
    3. for a window, never after `by(record)` (the last day allowed): `too_late`
       (TransitionError, 409: the status allowed it, time no longer does).

    The rules of a model are declared beside its moves, in `<app>/transitions.py`.
    """

    name: str
    after: Callable[[R], date | None]
    too_early: str | Promise
    by: Callable[[R], date | None] | None = None
    too_late: str | Promise = ""
    field: str = "on"

    def check(self, record: R, on: date, *, today: date | None = None) -> None:
        if on > (today or local_today()):
            raise ValidationError({self.field: str(FUTURE)})
        earliest = self.after(record)
        if earliest is not None and on < earliest:
            day = earliest.isoformat()
            raise ValidationError({self.field: str(self.too_early) % {"d": day, "day": day}})
        last = self.by(record) if self.by is not None else None
        if last is not None and on > last:
            raise TransitionError(str(self.too_late))


@dataclass(frozen=True)
class Move:
    action: str
    sources: tuple[str, ...]  # the statuses the action starts from
    target: str  # the status it ends in; "" when the move records a fact and the status stays
    roles: tuple[str, ...]  # role (group) names allowed to take it
    inputs: tuple[str, ...] = ()  # the fields the user fills in: form, serializer, service
    refusal: str | Promise = ""  # the translated message when the status does not allow it
    # When its day (`on`) may fall; every move with an `on` input has one. The table
    # holds moves of one model, but a Move is not generic over it: Any here, and
    # each app's rules are typed on its own model.
    dates: DateRule[Any] | None = None


class TransitionTable:
    def __init__(self, moves: Iterable[Move]):
        self.moves = {move.action: move for move in moves}

    def __getitem__(self, action: str) -> Move:
        return self.moves[action]

    def __iter__(self) -> Iterator[Move]:
        return iter(self.moves.values())

    def check(self, action: str, status: str) -> Move:
        """The move, or TransitionError (409) with its message when the status forbids it."""
        move = self.moves[action]
        if status not in move.sources:
            raise TransitionError(str(move.refusal))
        return move

    def check_date(self, action: str, record: object, on: date, *,
                   today: date | None = None) -> None:
        """The move's date rule applied to `on` (see DateRule); a move without one
        takes no day, so asking is a programming error (KeyError)."""
        rule = self.moves[action].dates
        if rule is None:
            raise KeyError(f"{action} declares no date rule")
        rule.check(record, on, today=today)

    def actions_from(self, status: str) -> list[str]:
        """The actions the status allows, in the order the table declares them."""
        return [move.action for move in self.moves.values() if status in move.sources]

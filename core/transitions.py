"""Allowed moves, declared once per model: which action, from which statuses, by which
roles, with which inputs. Services check a move with `check()`; pages list the moves
of a status with `actions_from()`; permissions read the roles (imports Django only)."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from core.errors import TransitionError


@dataclass(frozen=True)
class Move:
    action: str
    sources: tuple[str, ...]  # the statuses the action starts from
    target: str  # the status it ends in; "" when the move records a fact and the status stays
    roles: tuple[str, ...]  # role (group) names allowed to take it
    inputs: tuple[str, ...] = ()  # the fields the user fills in: form, serializer, service
    refusal: str = ""  # the translated message when the status does not allow it


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

    def actions_from(self, status: str) -> list[str]:
        """The actions the status allows, in the order the table declares them."""
        return [move.action for move in self.moves.values() if status in move.sources]

"""How a reference to a record reads on a page: words plus the record's own number.

Alerts point at their record by (kind, id); an assessment deduction by
"kind:id". Neither is for people's eyes. Each app registers, once, how its
records are named and where they are shown (`register_reference`, from its
`labels.py`), and pages resolve a whole page of references at once
(`resolve_refs`: one query per kind, whatever the count) and render them with
the `ref` filter (`core/templatetags/references.py`): "督办单 DB-2026-000005",
linked to the order. A record that no longer exists reads "督办单（已删除）",
never its database id.

This module imports Django only, never a project app.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

# ids -> {id: (name, url)}; the name is the record's own number or title.
Loader = Callable[[set[int]], Mapping[int, tuple[str, str]]]


@dataclass(frozen=True)
class _Kind:
    noun: Any  # a lazy translation: "督办单"
    load: Loader


@dataclass(frozen=True)
class Ref:
    """A resolved reference: `text` is what a person reads, `url` may be empty."""

    kind: str
    pk: int
    noun: str
    name: str
    url: str

    @property
    def text(self) -> str:
        return f"{self.noun} {self.name}".strip() if self.name else self.noun

    def __str__(self) -> str:
        return self.text


_kinds: dict[str, _Kind] = {}


def register_reference(kind: str, *, noun: Any, load: Loader) -> None:
    """Declare how the records of `kind` are named and linked."""
    _kinds[kind] = _Kind(noun=noun, load=load)


def parse_ref(ref: str) -> tuple[str, int] | None:
    """"petition:281" -> ("petition", 281); anything else -> None."""
    kind, _sep, pk = (ref or "").partition(":")
    return (kind, int(pk)) if kind and pk.isdigit() else None


def resolve_refs(pairs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Ref]:
    """Resolve many (kind, id) pairs with one query per kind."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for kind, pk in pairs:
        wanted[kind].add(int(pk))
    resolved: dict[tuple[str, int], Ref] = {}
    for kind, ids in wanted.items():
        registered = _kinds.get(kind)
        noun = str(registered.noun) if registered else _("Record")
        found = registered.load(ids) if registered else {}
        for pk in ids:
            name, url = found.get(pk, (_("(deleted)"), ""))
            resolved[(kind, pk)] = Ref(kind=kind, pk=pk, noun=noun, name=name, url=url)
    return resolved


def resolve_ref(kind: str, pk: int) -> Ref:
    return resolve_refs([(kind, pk)])[(kind, pk)]

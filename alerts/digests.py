"""The daily digest's extra lines, contributed by the modules.

The digest counts a unit's open alerts itself; a module adds a line of its own
("petition steps due soon 2") by registering a function that counts, by unit
path, the records due between today and the due-soon limit. alerts never
imports the modules: they register here from their AppConfig.ready.
"""

from collections.abc import Callable, Iterable
from datetime import date

from django.utils.functional import Promise

# (as_of, due-soon limit) -> (org unit path, count) pairs
DigestCount = Callable[[date, date], Iterable[tuple[str, int]]]
_lines: list[tuple[Promise, DigestCount]] = []


def digest_line(text: Promise) -> Callable[[DigestCount], DigestCount]:
    """Register a digest line; `text` is a lazy translation with `%(n)d`."""

    def decorator(func: DigestCount) -> DigestCount:
        if all(func is not known for _text, known in _lines):
            _lines.append((text, func))
        return func

    return decorator


def digest_lines() -> list[tuple[Promise, DigestCount]]:
    return list(_lines)


def reporting_unit_path(path: str) -> str:
    """C00/T01/T01V02/ -> C00/T01/: villages count towards their township."""
    parts = path.split("/")
    return "/".join(parts[:2]) + "/" if len(parts) > 2 else path

"""Petition categories as data (issue 18): the admin edits them, pages show their names.

api.md's eight codes are seeded by a migration. A code is valid when its row
is in use; a seeded code with no row at all (a test database flushed by a
transactional test, a fresh table) still counts, so the API's documented values
never stop working. The names shown on pages are cached per process for a
minute and forgotten whenever a category is saved.
"""

import time

from core.choices import Category as SeededCategory

_TTL = 60.0
_cache: dict = {}


def forget_names() -> None:
    _cache.clear()


def _rows() -> list[tuple[str, str, bool]]:
    from petitions.models import Category

    return list(Category.objects.values_list("code", "name", "is_active"))


def category_choices() -> list[tuple[str, str]]:
    """The categories a clerk may choose now, in the admin's order (one query)."""
    rows = _rows()
    known = {code for code, _name, _active in rows}
    seeded = [(c, str(label)) for c, label in SeededCategory.choices if c not in known]
    return [(code, name) for code, name, active in rows if active] + seeded


def category_is_valid(code: str) -> bool:
    return any(code == c for c, _name in category_choices())


def category_names() -> dict[str, str]:
    """Every code (in use or not) to its name, for display."""
    if _cache.get("until", 0) < time.monotonic():
        names = {c: str(label) for c, label in SeededCategory.choices}
        names.update({code: name for code, name, _active in _rows()})
        _cache.update(names=names, until=time.monotonic() + _TTL)
    return _cache["names"]


def category_name(code: str) -> str:
    return category_names().get(code, code)

"""Demo data seeders, run in order by `seed_demo`. Each must be idempotent."""

from collections.abc import Callable
from typing import Any

Seeder = Callable[..., Any]
_seeders: list[tuple[int, str, Seeder]] = []


def register(order: int, name: str) -> Callable[[Seeder], Seeder]:
    def decorator(func: Seeder) -> Seeder:
        if all(existing != name for _o, existing, _f in _seeders):
            _seeders.append((order, name, func))
        return func

    return decorator


def seeders() -> list[tuple[str, Seeder]]:
    return [(name, func) for _order, name, func in sorted(_seeders, key=lambda s: s[0])]

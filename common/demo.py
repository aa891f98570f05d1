"""Demo data seeders, run in order by `seed_demo`. Each must be idempotent."""

from collections.abc import Callable

_seeders: list[tuple[int, str, Callable]] = []


def register(order: int, name: str):
    def decorator(func):
        if all(existing != name for _o, existing, _f in _seeders):
            _seeders.append((order, name, func))
        return func

    return decorator


def seeders():
    return [(name, func) for _order, name, func in sorted(_seeders, key=lambda s: s[0])]

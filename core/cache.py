"""The cache is an optimisation: with Redis unreachable, pages render uncached
and writes commit (issue 16). Every call that fails to reach Redis is logged
and answered as a miss; `incr` raises ValueError as for a missing key, which
its callers already handle (dashboards.selectors.figures_changed, the public
lookup's rate limit: it fails open while Redis is down, see docs/decisions.md).
"""

import logging
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _warn(name: str, exc: Exception) -> None:
    logger.warning("cache %s failed, carrying on without the cache: %s", name, exc)


class ResilientRedisCache(RedisCache):
    def add(self, *args: Any, **kwargs: Any) -> bool:
        try:
            return super().add(*args, **kwargs)
        except RedisError as exc:
            _warn("add", exc)
            return False

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except RedisError as exc:
            _warn("get", exc)
            return default

    def set(self, *args: Any, **kwargs: Any) -> None:
        try:
            super().set(*args, **kwargs)
        except RedisError as exc:
            _warn("set", exc)

    def touch(self, *args: Any, **kwargs: Any) -> bool:
        try:
            return super().touch(*args, **kwargs)
        except RedisError as exc:
            _warn("touch", exc)
            return False

    def delete(self, *args: Any, **kwargs: Any) -> bool:
        try:
            return super().delete(*args, **kwargs)
        except RedisError as exc:
            _warn("delete", exc)
            return False

    def get_many(self, *args: Any, **kwargs: Any) -> dict[Any, Any]:
        try:
            return super().get_many(*args, **kwargs)
        except RedisError as exc:
            _warn("get_many", exc)
            return {}

    def has_key(self, *args: Any, **kwargs: Any) -> bool:
        try:
            return super().has_key(*args, **kwargs)
        except RedisError as exc:
            _warn("has_key", exc)
            return False

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except RedisError as exc:
            _warn("incr", exc)
            raise ValueError(f"Key '{key}' unavailable: the cache is down.") from exc

    def set_many(self, *args: Any, **kwargs: Any) -> list[Any]:
        try:
            return super().set_many(*args, **kwargs)
        except RedisError as exc:
            _warn("set_many", exc)
            return []

    def delete_many(self, *args: Any, **kwargs: Any) -> None:
        try:
            super().delete_many(*args, **kwargs)
        except RedisError as exc:
            _warn("delete_many", exc)

    def clear(self) -> Any:
        try:
            return super().clear()
        except RedisError as exc:
            _warn("clear", exc)
            return False

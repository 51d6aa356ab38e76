"""A Redis cache that a Redis outage cannot turn into 500s.

With Redis stopped every read is a miss and every write is dropped, so pages are built
from the database as if the cache were empty; one warning a minute says so. Trade-off,
accepted: allauth's rate limits count in this cache, so while Redis is down they do not
hold (a login is still a password check; the outage is loud in the logs).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("shlawyers.cache")

T = TypeVar("T")
_WARN_EVERY = 60.0
_last_warning = 0.0


def _tolerant(default: Any) -> Callable[[Callable[..., T]], Callable[..., T]]:
    def decorate(method: Callable[..., T]) -> Callable[..., T]:
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> T:
            global _last_warning
            try:
                return method(self, *args, **kwargs)
            except RedisError as exc:
                now = time.monotonic()
                if now - _last_warning > _WARN_EVERY:
                    _last_warning = now
                    logger.warning("cache unavailable, serving without it: %s", exc)
                fallback = default(args, kwargs) if callable(default) else default
                return fallback

        wrapper.__name__ = method.__name__
        wrapper.__doc__ = method.__doc__
        return wrapper

    return decorate


def _get_default(args: tuple, kwargs: dict) -> Any:
    return kwargs.get("default", args[1] if len(args) > 1 else None)


def _incr_missing(args: tuple, kwargs: dict) -> Any:
    # Django's contract for a missing key; callers (version counters) handle it.
    raise ValueError("Key not found (cache unavailable)")


class TolerantRedisCache(RedisCache):
    get = _tolerant(_get_default)(RedisCache.get)
    set = _tolerant(None)(RedisCache.set)
    # add() is how allauth takes its rate-limit lock: "taken" keeps sign-in working.
    add = _tolerant(True)(RedisCache.add)
    touch = _tolerant(False)(RedisCache.touch)
    delete = _tolerant(False)(RedisCache.delete)
    get_many = _tolerant({})(RedisCache.get_many)
    set_many = _tolerant([])(RedisCache.set_many)
    delete_many = _tolerant(None)(RedisCache.delete_many)
    has_key = _tolerant(False)(RedisCache.has_key)
    incr = _tolerant(_incr_missing)(RedisCache.incr)
    clear = _tolerant(False)(RedisCache.clear)

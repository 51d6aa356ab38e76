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

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
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


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new ``redis.Redis`` object for every cache call, and
    redis-py fills a 170-entry response-callback table in each constructor: about 40 µs,
    a third of a page-cache hit. One client per connection pool is enough (a client is
    a thin, thread-safe handle on its pool; the pool reconnects after a fork)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients.setdefault(index, self._client(connection_pool=pool))
        return client


class TolerantRedisCache(RedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

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

"""Article view counts, counted in the cache and moved to PostgreSQL in batches.

A page view never writes to news_article: it increments a counter in the cache (Redis
HINCRBY on one hash when Redis is the cache; a per-article cache key otherwise, e.g. the
in-memory cache in development). The beat task ``news_flush_view_counts`` (tasks.py)
calls `view_counts_flush`, which adds the pending counts to ``Article.view_count`` with one
UPDATE for the whole batch.

No count is lost to a race: with Redis the hash is RENAMEd away atomically before it is
read (new views start a fresh hash); with the generic cache the flushed amount is
*decremented* from each counter rather than the counter being deleted.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection, transaction
from django.http import HttpRequest
from redis import Redis

logger = logging.getLogger(__name__)

HASH_KEY = "news:views:pending"
KEY_PREFIX = "news:views:"
DIRTY_KEY = "news:views:dirty"
# Generic-cache counters outlive any sensible flush interval.
COUNTER_TIMEOUT = 7 * 24 * 60 * 60

_BOT_MARKERS = ("bot", "spider", "crawl", "slurp", "preview", "headless")


def is_probably_bot(user_agent: str) -> bool:
    """Crawlers and link previews do not count as readers."""
    agent = (user_agent or "").lower()
    return not agent or any(marker in agent for marker in _BOT_MARKERS)


def _redis_client() -> Redis | None:
    """The raw redis client behind Django's RedisCache (or a subclass such as
    apps.core.cache.TolerantRedisCache), or None for other caches.

    ``django.core.cache.cache`` is a ConnectionProxy, so its class name says nothing about
    the backend; the backend object itself is ``caches["default"]``.
    """
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    return backend._cache.get_client(write=True)


def view_count_increment(article_id: int) -> None:
    """Count one view of the article. Never raises: a cache outage must not break reading."""
    try:
        client = _redis_client()
        if client is not None:
            client.hincrby(cache.make_key(HASH_KEY), str(article_id), 1)
            return
        key = f"{KEY_PREFIX}{article_id}"
        if cache.add(key, 1, COUNTER_TIMEOUT):
            dirty = cache.get(DIRTY_KEY) or set()
            if article_id not in dirty:
                cache.set(DIRTY_KEY, {*dirty, article_id}, COUNTER_TIMEOUT)
        else:
            cache.incr(key)
    except Exception:
        logger.warning("Could not count a view of article %s", article_id, exc_info=True)


def view_count_hit(request: HttpRequest, pk: int | str) -> None:
    """Page-cache hit hook (apps.core.pagecache): a cached article page served to a reader
    counts as a view, as the view itself counts one on a miss. Pages stored without the
    hook (teasers, previews) never call this; crawlers are left out here as in the view."""
    if not is_probably_bot(request.headers.get("User-Agent", "")):
        view_count_increment(int(pk))


def view_count_pending(article_id: int) -> int:
    """Views counted but not yet flushed (shown added to the stored count)."""
    try:
        client = _redis_client()
        if client is not None:
            value = client.hget(cache.make_key(HASH_KEY), str(article_id))
            return int(value or 0)
        return int(cache.get(f"{KEY_PREFIX}{article_id}") or 0)
    except Exception:
        return 0


_FLUSH_SQL = """
UPDATE news_article AS a
SET view_count = a.view_count + v.n
FROM unnest(%s::bigint[], %s::bigint[]) AS v(id, n)
WHERE a.id = v.id
"""


def _apply(counts: dict[int, int]) -> int:
    counts = {pk: n for pk, n in counts.items() if n > 0}
    if not counts:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_FLUSH_SQL, [list(counts), list(counts.values())])
    return sum(counts.values())


def _flush_redis(client: Redis) -> int:
    source = cache.make_key(HASH_KEY)
    claimed = f"{source}:flushing:{uuid.uuid4().hex}"
    try:
        client.rename(source, claimed)
    except Exception as exc:  # redis.ResponseError "no such key": nothing to flush
        if "no such key" in str(exc).lower():
            return 0
        raise
    raw = client.hgetall(claimed)
    counts = {int(key): int(value) for key, value in raw.items()}
    try:
        flushed = _apply(counts)
    except Exception:
        # Put the counts back so the next flush tries again.
        pipe = client.pipeline()
        for pk, n in counts.items():
            pipe.hincrby(source, str(pk), n)
        pipe.delete(claimed)
        pipe.execute()
        raise
    client.delete(claimed)
    return flushed


def _flush_cache() -> int:
    dirty: Iterable[int] = cache.get(DIRTY_KEY) or set()
    counts: dict[int, int] = {}
    for pk in dirty:
        counts[pk] = int(cache.get(f"{KEY_PREFIX}{pk}") or 0)
    flushed = _apply(counts)
    remaining = set()
    for pk, n in counts.items():
        key = f"{KEY_PREFIX}{pk}"
        if n:
            try:
                left = cache.decr(key, n)
            except ValueError:  # expired meanwhile
                left = 0
            if left > 0:
                remaining.add(pk)
            else:
                cache.delete(key)
    # Articles first counted while we flushed were added to the set after our read.
    latest = cache.get(DIRTY_KEY) or set()
    cache.set(DIRTY_KEY, remaining | (set(latest) - set(counts)), COUNTER_TIMEOUT)
    return flushed


def view_counts_flush() -> int:
    """Add every pending count to Article.view_count (one UPDATE); returns views moved."""
    client = _redis_client()
    if client is not None:
        return _flush_redis(client)
    return _flush_cache()

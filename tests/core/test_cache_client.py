"""The Redis cache keeps one client per connection pool instead of building one per call
(redis-py's constructor is a third of the cost of a page-cache hit)."""

from __future__ import annotations

from apps.core.cache import TolerantRedisCache


def _cache() -> TolerantRedisCache:
    return TolerantRedisCache("redis://127.0.0.1:6379/1", {"KEY_PREFIX": "test-cache-client"})


def test_every_call_reuses_the_same_redis_client():
    cache = _cache()
    first = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is first
    assert cache._cache.get_client("c", write=True) is first  # one server: one pool


def test_the_reused_client_still_reads_and_writes():
    cache = _cache()
    cache.set("answer", {"value": 42}, 5)
    assert cache.get("answer") == {"value": 42}
    assert cache.get_many(["answer", "missing"]) == {"answer": {"value": 42}}
    cache.delete("answer")
    assert cache.get("answer") is None


def test_separate_cache_objects_do_not_share_clients():
    assert _cache()._cache.get_client() is not _cache()._cache.get_client()


def test_cache_keys_are_scoped_by_the_database_they_describe(monkeypatch):
    """Two servers on two databases sharing one Redis (bench beside a dev server) never
    read each other's snapshots or bump each other's versions."""
    import importlib

    import shlawyers.settings as production

    prefixes = []
    for name in ("shl_one", "shl_two"):
        monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
        monkeypatch.setenv("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{name}")
        prefixes.append(importlib.reload(production).CACHES["default"]["KEY_PREFIX"])
    monkeypatch.undo()
    importlib.reload(production)
    assert prefixes == ["shlawyers:shl_one", "shlawyers:shl_two"]

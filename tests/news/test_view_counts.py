"""View counts: counted in the cache on every read, moved to PostgreSQL by a beat task."""

from __future__ import annotations

import os
import uuid

import pytest
import redis
from django.core.cache import cache
from django.db import DataError, connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django_celery_beat.models import PeriodicTask

from apps.news import view_counts
from apps.news.models import Article
from apps.news.tasks import news_flush_view_counts
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BROWSER_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1"
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(
    params=["django.core.cache.backends.redis.RedisCache", "apps.core.cache.TolerantRedisCache"]
)
def redis_cache(request):
    """Django's RedisCache (and production's subclass of it) on the local Redis, under a
    prefix of its own; yields the raw client and the prefix."""
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis not reachable at {url}: {exc}")
        pytest.skip(f"Redis not reachable at {url}: {exc}")
    prefix = f"test-views-{uuid.uuid4().hex}"
    caches = {
        "default": {
            "BACKEND": request.param,
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }
    client = redis.Redis.from_url(url)
    with override_settings(CACHES=caches):
        yield client, prefix
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)


def _read(client, article: Article, times: int, agent: str = BROWSER_UA) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        for _ in range(times):
            assert client.get(f"/news/{article.pk}/", HTTP_USER_AGENT=agent).status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def _writes_to_articles(sql: list[str]) -> list[str]:
    return [s for s in sql if s.lstrip().upper().startswith("UPDATE") and "news_article" in s]


def test_page_views_do_not_write_to_the_article_table_until_flushed(client):
    article = ArticleFactory()
    sql = _read(client, article, 5)
    assert _writes_to_articles(sql) == []
    article.refresh_from_db()
    assert article.view_count == 0
    assert view_counts.view_count_pending(article.pk) == 5

    assert news_flush_view_counts.delay().get() == 5
    article.refresh_from_db()
    assert article.view_count == 5
    assert view_counts.view_count_pending(article.pk) == 0
    assert view_counts.view_counts_flush() == 0  # nothing left; a second run is a no-op


def test_flush_adds_to_the_stored_count_with_one_update(client):
    first, second = ArticleFactory(), ArticleFactory()
    Article.objects.filter(pk=first.pk).update(view_count=100)
    _read(client, first, 2)
    _read(client, second, 3)
    with CaptureQueriesContext(connection) as queries:
        view_counts.view_counts_flush()
    assert len(_writes_to_articles([q["sql"] for q in queries.captured_queries])) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.view_count, second.view_count) == (102, 3)


def test_page_shows_stored_plus_pending_views(client):
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(view_count=41)
    response = client.get(f"/news/{article.pk}/", HTTP_USER_AGENT=BROWSER_UA)
    assert response.context["views"] == 42


def test_crawlers_and_teasers_are_not_counted(client):
    article = ArticleFactory()
    _read(client, article, 2, agent="Mozilla/5.0 (compatible; Baiduspider/2.0)")
    _read(client, article, 1, agent="")
    locked = ArticleFactory(visibility=Article.Visibility.MEMBERS)
    _read(client, locked, 2)
    assert view_counts.view_count_pending(article.pk) == 0
    assert view_counts.view_count_pending(locked.pk) == 0


def test_redis_is_detected_behind_the_cache_proxy(redis_cache):
    # django.core.cache.cache is a ConnectionProxy: detection looks at the backend itself.
    assert view_counts._redis_client() is not None


def test_other_caches_use_the_generic_counters():
    assert view_counts._redis_client() is None  # tests' LocMemCache


def test_views_counted_in_redis_reach_postgres(client, redis_cache):
    raw, prefix = redis_cache
    article = ArticleFactory()
    sql = _read(client, article, 4)
    assert _writes_to_articles(sql) == []
    # Counted with HINCRBY in one hash, not in per-article cache keys.
    hashes = list(raw.scan_iter(f"{prefix}*{view_counts.HASH_KEY}"))
    assert len(hashes) == 1
    assert raw.hget(hashes[0], str(article.pk)) == b"4"
    assert not list(raw.scan_iter(f"{prefix}*{view_counts.KEY_PREFIX}{article.pk}"))
    assert view_counts.view_count_pending(article.pk) == 4
    assert view_counts.view_counts_flush() == 4
    article.refresh_from_db()
    assert article.view_count == 4
    assert view_counts.view_count_pending(article.pk) == 0
    assert view_counts.view_counts_flush() == 0


def test_a_failed_flush_keeps_the_redis_counts(client, redis_cache):
    article = ArticleFactory()
    # A real failure: the sum no longer fits PostgreSQL's integer column.
    Article.objects.filter(pk=article.pk).update(view_count=2**31 - 1)
    _read(client, article, 3)
    with pytest.raises(DataError):
        view_counts.view_counts_flush()
    assert view_counts.view_count_pending(article.pk) == 3


def test_flush_is_scheduled_in_celery_beat():
    task = PeriodicTask.objects.get(task="apps.news.tasks.news_flush_view_counts")
    assert task.enabled
    assert task.interval is not None


# Article pages in the full-page cache (apps/core/pagecache.py): a hit runs the news app's
# hit hook, so a page served from the cache still counts its reader.


@pytest.fixture
def pagecache_on(settings):
    settings.PAGECACHE_ENABLED = True
    from django.db import transaction

    transaction.get_connection()._pagecache_pending = None


def _cached_read(client, article: Article, agent: str = BROWSER_UA):
    response = client.get(f"/news/{article.pk}/", HTTP_USER_AGENT=agent)
    assert response.status_code == 200
    return response


def _published(**kwargs) -> Article:
    from django.db import transaction

    with transaction.atomic():
        article = ArticleFactory(**kwargs)
    return article


def test_cached_article_hits_still_count_views(client, pagecache_on):
    article = _published()
    assert _cached_read(client, article)["X-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert _cached_read(client, article)["X-Cache"] == "HIT"
    assert queries.captured_queries == []  # a hit touches no database
    assert view_counts.view_count_pending(article.pk) == 4
    assert view_counts.view_counts_flush() == 4
    article.refresh_from_db()
    assert article.view_count == 4


def test_cached_article_hits_count_in_redis(client, pagecache_on, redis_cache):
    article = _published()
    for _ in range(3):
        _cached_read(client, article)
    assert view_counts.view_count_pending(article.pk) == 3
    assert view_counts.view_counts_flush() == 3


def test_cached_hits_by_crawlers_and_of_teasers_count_nothing(client, pagecache_on):
    article = _published()
    locked = _published(visibility=Article.Visibility.MEMBERS)
    bot = "Mozilla/5.0 (compatible; Baiduspider/2.0)"
    for agent in (BROWSER_UA, bot, bot):
        _cached_read(client, article, agent)
    for _ in range(3):
        _cached_read(client, locked)
    assert _cached_read(client, locked)["X-Cache"] == "HIT"  # the teaser is cached …
    assert view_counts.view_count_pending(article.pk) == 1  # … only the reader counted
    assert view_counts.view_count_pending(locked.pk) == 0  # … and no teaser hit counts


def test_editing_a_cached_article_serves_the_new_version(
    client, pagecache_on, django_capture_on_commit_callbacks
):
    article = _published(title="缓存里的旧标题")
    _cached_read(client, article)
    assert _cached_read(client, article)["X-Cache"] == "HIT"
    connection._pagecache_pending = None
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "编辑后的新标题"
        article.save()
    response = _cached_read(client, article)
    assert response["X-Cache"] == "MISS"
    assert "编辑后的新标题" in response.content.decode()
    assert "缓存里的旧标题" not in response.content.decode()
    assert view_counts.view_count_pending(article.pk) == 3


def test_a_deleted_cached_article_is_not_served(
    client, pagecache_on, django_capture_on_commit_callbacks
):
    article = _published()
    _cached_read(client, article)
    assert _cached_read(client, article)["X-Cache"] == "HIT"
    connection._pagecache_pending = None
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.get(pk=article.pk).delete()
    response = client.get(f"/news/{article.pk}/", HTTP_USER_AGENT=BROWSER_UA)
    assert response.status_code == 404

"""Full-page cache (apps/core/pagecache.py): who is served from it, what is stored, and
when it goes stale."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.test import Client

from apps.core import pagecache
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pagecache_on(settings):
    settings.PAGECACHE_ENABLED = True
    saved = dict(pagecache._hit_hooks)
    pagecache._local.clear()
    yield
    pagecache._local.clear()
    pagecache._hit_hooks.clear()
    pagecache._hit_hooks.update(saved)


def _new_transaction() -> None:
    """The test's transaction never commits: a bump registered by an earlier request in it
    (a write made while rendering) would stand for the next write too. In production each
    request's transaction commits and runs its own bump."""
    transaction.get_connection()._pagecache_pending = None


def _get(client: Client, url: str, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_anonymous_home_is_stored_then_served_from_the_cache():
    client = Client()
    first = _get(client, "/")
    second = _get(client, "/")
    assert first["X-Cache"] == "MISS"
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content


def test_cacheable_page_sets_no_cookie_for_an_anonymous_visitor():
    response = _get(Client(), "/")
    assert not response.cookies  # no csrftoken: the page could not be shared otherwise
    assert b"csrfmiddlewaretoken" not in response.content


@pytest.mark.parametrize(
    ("first", "second"),
    [("/", "/en/"), ("/", "/zh-hant/"), ("/en/", "/zh-hant/"), ("/news/", "/en/news/")],
)
def test_language_variants_are_separate_entries(first, second):
    client = Client()
    a = _get(client, first)
    b = _get(client, second)
    assert b["X-Cache"] == "MISS"
    assert a.content != b.content
    assert _get(client, first)["X-Cache"] == "HIT"
    assert _get(client, second)["X-Cache"] == "HIT"


def test_elder_mode_cookie_is_part_of_the_key():
    plain = Client()
    elder = Client()
    elder.cookies["elder_mode"] = "1"
    _get(plain, "/")
    assert _get(plain, "/")["X-Cache"] == "HIT"
    response = _get(elder, "/")
    assert response["X-Cache"] == "MISS"
    assert b'class="elder"' in response.content
    assert _get(elder, "/")["X-Cache"] == "HIT"
    assert b'class="elder"' not in _get(plain, "/").content


def test_logged_in_member_is_never_served_from_nor_stored_in_the_cache(lawyer):
    anonymous = Client()
    _get(anonymous, "/")  # an anonymous entry exists
    member = Client()
    member.force_login(lawyer.user)
    response = _get(member, "/")
    assert "X-Cache" not in response
    assert lawyer.name.encode() in response.content or b"logout" in response.content
    # The member's page was not stored: the anonymous visitor still sees the anonymous one.
    again = _get(anonymous, "/")
    assert again["X-Cache"] == "HIT"
    assert lawyer.name.encode() not in again.content


def test_members_page_is_never_served_to_anonymous_after_member_visits_first(lawyer):
    member = Client()
    member.force_login(lawyer.user)
    _get(member, "/news/")
    anonymous = _get(Client(), "/news/")
    assert anonymous["X-Cache"] == "MISS"
    assert lawyer.name.encode() not in anonymous.content


def test_visitor_with_a_message_waiting_bypasses_the_cache():
    client = Client()
    _get(client, "/")
    client.cookies["messages"] = "pending"
    response = _get(client, "/")
    assert "X-Cache" not in response


def test_session_cookie_bypasses_the_cache():
    client = Client()
    _get(client, "/")
    client.cookies["sessionid"] = "whatever"
    assert "X-Cache" not in _get(client, "/")


def test_publishing_an_article_invalidates_on_commit(django_capture_on_commit_callbacks):
    client = Client()
    _get(client, "/news/")
    assert _get(client, "/news/")["X-Cache"] == "HIT"
    _new_transaction()
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(title="缓存失效测试新闻")
    response = _get(client, "/news/")
    assert response["X-Cache"] == "MISS"
    assert "缓存失效测试新闻" in response.content.decode()


def test_change_to_an_article_invalidates_its_list(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(title="原来的标题")
    client = Client()
    assert "原来的标题" in _get(client, "/news/").content.decode()
    _new_transaction()
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "修改后的标题"
        article.save()
    response = _get(client, "/news/")
    assert response["X-Cache"] == "MISS"
    assert "修改后的标题" in response.content.decode()


def test_many_writes_in_one_transaction_bump_the_version_once(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for _ in range(3):
            ArticleFactory()
    bumps = [cb for cb in callbacks if getattr(cb, "__name__", "") == "bump"]
    assert len(bumps) == 1


def test_private_app_writes_do_not_invalidate(django_capture_on_commit_callbacks, reader):
    before = pagecache.content_version()
    with django_capture_on_commit_callbacks(execute=True):
        reader.name = "改名"
        reader.save()
    assert pagecache.content_version() == before


def test_rolled_back_write_does_not_invalidate():
    before = pagecache.content_version()
    ArticleFactory()  # inside the test's transaction, never committed
    assert pagecache.content_version() == before


def test_csp_header_is_replayed_with_the_nonce_in_the_cached_body():
    client = Client()
    miss = _get(client, "/")
    hit = _get(client, "/")
    assert hit["Content-Security-Policy"] == miss["Content-Security-Policy"]
    nonces = set(re.findall(rb'nonce="([^"]+)"', hit.content))
    for nonce in nonces:
        assert f"'nonce-{nonce.decode()}'" in hit["Content-Security-Policy"]


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=%E5%BE%8B%E5%B8%88",
        "/lawyers/?q=zhang",
        "/complaints/track/",
        "/accounts/login/",
    ],
)
def test_pages_not_opted_in_are_never_cached(url):
    client = Client()
    client.get(url)
    assert "X-Cache" not in client.get(url)


def test_lawyer_list_is_cached_only_without_a_search_query():
    client = Client()
    _get(client, "/lawyers/")
    assert _get(client, "/lawyers/")["X-Cache"] == "HIT"
    assert _get(client, "/lawyers/?page=1")["X-Cache"] == "MISS"


def test_not_found_is_not_stored():
    pagecache.register_hit_hook("news:article", lambda request, pk: None)
    client = Client()
    assert client.get("/news/999999/").status_code == 404
    again = client.get("/news/999999/")
    assert again.status_code == 404
    assert again["X-Cache"] == "MISS"


def test_entries_of_another_database_are_not_served(monkeypatch):
    client = Client()
    _get(client, "/")
    assert _get(client, "/")["X-Cache"] == "HIT"
    monkeypatch.setattr(pagecache, "_db_name", lambda: "another_database")
    assert _get(client, "/")["X-Cache"] == "MISS"


def test_post_is_never_served_from_the_cache():
    client = Client(enforce_csrf_checks=False)
    _get(client, "/")
    response = client.post("/")
    assert response.get("X-Cache") != "HIT"


def test_article_is_cached_only_once_its_view_counter_hook_is_registered(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory()
    pagecache._hit_hooks.pop("news:article", None)  # the news app registers its counter
    client = Client()
    url = f"/news/{article.pk}/"
    _get(client, url)
    assert "X-Cache" not in _get(client, url)

    seen: list[int] = []
    pagecache.register_hit_hook("news:article", lambda request, pk: seen.append(pk))
    assert _get(client, url)["X-Cache"] == "MISS"
    assert _get(client, url)["X-Cache"] == "HIT"
    assert seen == [article.pk]


def test_news_app_registers_the_article_view_counter_as_hit_hook():
    from apps.news.view_counts import view_count_hit

    assert pagecache._hit_hooks["news:article"] is view_count_hit


def test_page_stored_with_hit_hook_skipped_runs_no_hook_on_hits(
    django_capture_on_commit_callbacks,
):
    from apps.news.models import Article

    with django_capture_on_commit_callbacks(execute=True):
        teaser = ArticleFactory(visibility=Article.Visibility.MEMBERS)
    seen: list[int] = []
    pagecache.register_hit_hook("news:article", lambda request, pk: seen.append(pk))
    client = Client()
    _get(client, f"/news/{teaser.pk}/")
    assert _get(client, f"/news/{teaser.pk}/")["X-Cache"] == "HIT"
    assert seen == []


def test_decorated_view_opts_in():
    from django.http import HttpResponse

    @pagecache.public_cacheable
    def view(request):
        return HttpResponse("x")

    assert pagecache._rule_for(type("R", (), {"GET": {}})(), view) is not None


class _CountingCache:
    """The cache, counting the reads that go to it."""

    def __init__(self, inner):
        self._inner = inner
        self.reads = 0

    def get_many(self, keys):
        self.reads += 1
        return self._inner.get_many(keys)

    def __getattr__(self, name):
        return getattr(self._inner, name)


def test_a_worker_answers_repeated_hits_from_its_memory_within_the_window(settings, monkeypatch):
    settings.PAGECACHE_LOCAL_SECONDS = 1
    client = Client()
    first = _get(client, "/")
    counting = _CountingCache(pagecache.cache)
    monkeypatch.setattr(pagecache, "cache", counting)
    for _ in range(3):
        again = _get(client, "/")
        assert again["X-Cache"] == "HIT"
        assert again.content == first.content
    assert counting.reads == 0


def test_a_change_reaches_a_worker_once_its_window_has_passed(settings, monkeypatch):
    settings.PAGECACHE_LOCAL_SECONDS = 1
    now = [1000.0]
    monkeypatch.setattr(pagecache, "_clock", lambda: now[0])
    client = Client()
    _get(client, "/news/")
    assert _get(client, "/news/")["X-Cache"] == "HIT"

    pagecache.pagecache_invalidate()  # what a publish does on commit
    now[0] += 0.5
    assert _get(client, "/news/")["X-Cache"] == "HIT"  # within the window: this worker's copy
    now[0] += 0.6
    assert _get(client, "/news/")["X-Cache"] == "MISS"  # version read again: rendered afresh


def test_the_worker_layer_never_serves_a_member(settings, lawyer):
    settings.PAGECACHE_LOCAL_SECONDS = 1
    anonymous = Client()
    _get(anonymous, "/")
    assert _get(anonymous, "/")["X-Cache"] == "HIT"
    member = Client()
    member.force_login(lawyer.user)
    assert member.get("/").get("X-Cache") is None


def test_the_worker_layer_keeps_a_bounded_number_of_pages(settings):
    settings.PAGECACHE_LOCAL_SECONDS = 1
    for index in range(pagecache.LOCAL_ENTRIES + 10):
        pagecache._local.put(f"k{index}", {"version": "v", "content": b"x"})
    assert len(pagecache._local._entries) == pagecache.LOCAL_ENTRIES
    assert pagecache._local.get("k0", "v") is None
    assert pagecache._local.get(f"k{pagecache.LOCAL_ENTRIES + 9}", "v") is not None

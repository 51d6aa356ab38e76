"""RSS/Atom feeds, the sitemap: public published articles only, links on the request's host."""

from __future__ import annotations

import feedparser
import pytest
from django.core.cache import cache

from apps.news.models import Article
from tests.news.factories import ArticleFactory, ChannelFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _public_host(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "lawyers.example.cn"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the sitemap is cached per URL
    yield
    cache.clear()


@pytest.fixture
def articles(db):
    association = ChannelFactory(name="协会动态", slug="association")
    notices = ChannelFactory(name="通知公告", slug="notices")
    return {
        "published": ArticleFactory(
            channel=association, title="律师节主题活动举行", summary="活动摘要"
        ),
        "notice": ArticleFactory(channel=notices, title="关于会费缴纳的通知"),
        "draft": ArticleFactory(
            channel=association, title="草稿不应出现", status=Article.Status.DRAFT
        ),
        "scheduled": ArticleFactory(
            channel=association, title="定时稿不应出现", status=Article.Status.SCHEDULED
        ),
        "members": ArticleFactory(
            channel=association, title="会员文章不应出现", visibility=Article.Visibility.MEMBERS
        ),
        "archived": ArticleFactory(
            channel=association, title="归档文章不应出现", status=Article.Status.ARCHIVED
        ),
    }


def _parse(client, url: str):
    response = client.get(url, HTTP_HOST="lawyers.example.cn")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


@pytest.mark.parametrize("url", ["/feeds/news.xml", "/feeds/news.atom"])
def test_site_feed_parses_and_has_only_public_published_articles(client, articles, url):
    feed = _parse(client, url)
    titles = [entry.title for entry in feed.entries]
    assert "律师节主题活动举行" in titles
    assert "关于会费缴纳的通知" in titles
    for hidden in ("草稿不应出现", "定时稿不应出现", "会员文章不应出现", "归档文章不应出现"):
        assert hidden not in titles
    entry = next(e for e in feed.entries if e.title == "律师节主题活动举行")
    assert entry.link == f"http://lawyers.example.cn/news/{articles['published'].pk}/"
    assert entry.summary == "活动摘要"
    assert "example.com" not in feed.feed.link


@pytest.mark.parametrize("suffix", ["xml", "atom"])
def test_channel_feed_has_only_that_channel(client, articles, suffix):
    feed = _parse(client, f"/feeds/news/notices.{suffix}")
    assert [e.title for e in feed.entries] == ["关于会费缴纳的通知"]
    assert "通知公告" in feed.feed.title


def test_sub_channel_feed_and_unknown_channel(client, articles):
    association = articles["published"].channel
    ChannelFactory(parent=association, slug="districts")
    child_article = ArticleFactory(channel=association.children.get(), title="区县新闻")
    feed = _parse(client, "/feeds/news/association.xml")
    assert child_article.title in [e.title for e in feed.entries]
    assert _parse(client, "/feeds/news/association/districts.xml").entries[0].title == "区县新闻"
    assert client.get("/feeds/news/nope.xml").status_code == 404


@pytest.mark.parametrize("rows", [3, 30])
def test_feed_query_budget(client, db, django_assert_max_num_queries, rows):
    channel = ChannelFactory(slug="budget")
    for _ in range(rows):
        ArticleFactory(channel=channel)
    # Site row, site settings + footer links, channel (per-channel feed), articles
    with django_assert_max_num_queries(5):
        assert client.get("/feeds/news.xml").status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get("/feeds/news/budget.atom").status_code == 200


def test_sitemap_index_and_sections_use_the_request_host(client, articles):
    TopicFactory(slug="ciie")
    index = client.get("/sitemap.xml", HTTP_HOST="lawyers.example.cn")
    assert index.status_code == 200
    body = index.content.decode()
    assert "http://lawyers.example.cn/sitemap-articles.xml" in body
    assert "example.com" not in body

    pages = client.get("/sitemap-static.xml", HTTP_HOST="lawyers.example.cn").content.decode()
    assert "<loc>http://lawyers.example.cn/</loc>" in pages
    assert "<loc>http://lawyers.example.cn/news/</loc>" in pages
    assert "/search/" not in pages

    channels = client.get("/sitemap-channels.xml", HTTP_HOST="lawyers.example.cn").content.decode()
    assert "http://lawyers.example.cn/news/notices/" in channels

    listed = client.get("/sitemap-articles.xml", HTTP_HOST="lawyers.example.cn").content.decode()
    assert f"/news/{articles['published'].pk}/" in listed
    for hidden in ("draft", "scheduled", "members", "archived"):
        assert f"/news/{articles[hidden].pk}/" not in listed

    topics = client.get("/sitemap-topics.xml", HTTP_HOST="lawyers.example.cn").content.decode()
    assert "http://lawyers.example.cn/topics/ciie/" in topics
    assert client.get("/sitemap-nope.xml").status_code == 404


@pytest.mark.parametrize("rows", [3, 30])
def test_sitemap_query_budget(client, db, django_assert_max_num_queries, rows):
    for _ in range(rows):
        ArticleFactory()
    # Site row (Django's view asks for it), count, page of articles
    with django_assert_max_num_queries(5):
        assert client.get("/sitemap-articles.xml").status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get("/sitemap-channels.xml").status_code == 200

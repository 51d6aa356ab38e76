"""One article in a list ({% article_item %}): the markup every article list shares."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template import engines
from django.test.html import parse_html
from django.utils import translation

from apps.news.models import Article
from tests.news.factories import ArticleFactory, ChannelFactory

pytestmark = pytest.mark.django_db

TAG = engines["django"].from_string(
    "{% load news_tags %}{% article_item article show_channel=show_channel "
    "show_summary=show_summary heading_level=heading_level pinned_first=pinned_first %}"
)


def render(article: Article, **options) -> str:
    context = {"show_channel": False, "show_summary": False, "heading_level": None}
    context.update({"pinned_first": False, **options, "article": article})
    return TAG.render(context)


@pytest.fixture
def article(db):
    channel = ChannelFactory(name="通知公告", name_en="Notices", slug="notices")
    return ArticleFactory(
        channel=channel,
        title="关于2026年度律师执业年度考核的通知",
        summary="考" * 100,
        publish_at=dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC),
    )


def test_a_plain_item_is_a_linked_title_and_its_local_date(article):
    # 23:30 UTC is the next morning in Shanghai: the list shows the local day.
    assert parse_html(render(article)) == parse_html(
        '<li class="article-item"><h3 class="article-item-title">'
        f'<a href="/news/{article.pk}/">关于2026年度律师执业年度考核的通知</a></h3>'
        '<p class="article-item-meta">'
        '<time datetime="2026-03-02T07:30:00+08:00">2026-03-02</time></p></li>'
    )


def test_options_add_the_channel_a_shortened_summary_and_set_the_heading_level(article):
    html = render(article, show_channel=True, show_summary=True, heading_level=2)

    assert '<h2 class="article-item-title">' in html
    assert html.count("</h2>") == 1
    assert '<span class="article-item-channel">通知公告</span>' in html
    summary = re.search(r'<p class="article-item-summary">(.*?)</p>', html).group(1)
    assert len(summary) == 90
    assert not summary.endswith("考")


def test_english_pages_name_the_channel_in_english(article):
    with translation.override("en"):
        html = render(article, show_channel=True)

    assert '<span class="article-item-channel">Notices</span>' in html
    assert f'href="/en/news/{article.pk}/"' in html


def test_pinned_is_marked_only_where_the_list_puts_pinned_articles_first(article):
    article.is_pinned = True

    assert "is-pinned" not in render(article)
    marked = render(article, pinned_first=True)
    assert 'class="article-item is-pinned"' in marked
    assert '<span class="badge badge-pinned">置顶</span>' in marked


def test_members_only_articles_carry_a_badge_and_never_show_their_summary(article):
    article.visibility = Article.Visibility.MEMBERS

    html = render(article, show_summary=True)

    assert 'class="badge badge-members" title="仅会员可阅读全文">会员</span>' in html
    assert "article-item-summary" not in html


def test_titles_and_summaries_are_escaped(article):
    article.title = '<script>alert("x")</script>'
    article.summary = "<b>粗体</b>"

    html = render(article, show_summary=True)

    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;b&gt;粗体&lt;/b&gt;" in html

"""One hit of the site search ({% search_result %}): the markup the results page shows."""

from __future__ import annotations

import datetime as dt

from django.template import engines
from django.test.html import parse_html
from django.utils.html import format_html

from apps.core.search import SearchResult

TAG = engines["django"].from_string(
    "{% load core_tags %}{% search_result result heading_level=heading_level %}"
)


def render(result: SearchResult, heading_level=None) -> str:
    return TAG.render({"result": result, "heading_level": heading_level})


def test_a_hit_shows_its_type_meta_linked_title_snippet_and_local_date():
    result = SearchResult(
        type_label="新闻",
        title=format_html("关于<mark>{}</mark>年度考核的通知", "律师"),
        url="/news/7/",
        snippet=format_html("全市<mark>{}</mark>参加", "律师"),
        # 20:00 UTC is the next day in Shanghai: the page shows the local date.
        date=dt.datetime(2026, 5, 1, 20, 0, tzinfo=dt.UTC),
        meta="通知公告",
    )

    assert parse_html(render(result)) == parse_html(
        '<li class="search-result">'
        '<p class="search-result-type">新闻<span class="search-result-meta"> · 通知公告</span></p>'
        '<h3 class="search-result-title">'
        '<a href="/news/7/">关于<mark>律师</mark>年度考核的通知</a></h3>'
        '<p class="search-result-snippet">全市<mark>律师</mark>参加</p>'
        '<p class="search-result-date">'
        '<time datetime="2026-05-02T04:00:00+08:00">2026-05-02</time></p>'
        "</li>"
    )


def test_a_hit_without_snippet_date_or_meta_is_a_type_and_a_title_at_the_given_level():
    result = SearchResult(
        type_label="律所", title=format_html("{}", "明德律师事务所"), url="/firms/3/"
    )

    html = render(result, heading_level=2)

    assert parse_html(html) == parse_html(
        '<li class="search-result"><p class="search-result-type">律所</p>'
        '<h2 class="search-result-title"><a href="/firms/3/">明德律师事务所</a></h2></li>'
    )


def test_a_plain_date_is_shown_as_is():
    result = SearchResult(
        type_label="活动", title="讲座", url="/events/1/", date=dt.date(2026, 1, 9)
    )

    assert '<time datetime="2026-01-09">2026-01-09</time>' in render(result)


def test_plain_strings_are_escaped_and_marked_up_ones_kept():
    result = SearchResult(
        type_label="<b>类型</b>",
        title="<script>x</script>",  # a provider that forgot to escape still cannot inject
        url='/x/"onmouseover="y',
        snippet="<i>摘要</i>",
        meta="<u>元</u>",
    )

    html = render(result)

    for raw in ("<b>", "<script>", "<i>", "<u>", '"onmouseover'):
        assert raw not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html

"""RSS 2.0 and Atom feeds of public, published articles: site-wide and per channel.

    /feeds/news.xml, /feeds/news.atom                    every channel
    /feeds/news/<channel path>.xml, … .atom               one channel and its sub-channels

Links use the host of the request, not the sites framework's Site (example.com): a feed
instance is created per request (see `feed_view`) so it can hold the request.
"""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from apps.core.selectors import site_settings_get

from . import selectors
from .models import Article, Channel
from .templatetags.news_tags import display_name as channel_display_name

FEED_SIZE = 30


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "zh-cn"

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def _absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def get_object(self, request: HttpRequest, path: str | None = None) -> Channel | None:
        return selectors.channel_get_by_path(path=path) if path else None

    def title(self, obj: Channel | None) -> str:
        site = site_settings_get().site_name
        if obj is None:
            return _("%(site)s · 新闻资讯") % {"site": site}
        return f"{site} · {channel_display_name(obj)}"

    def description(self, obj: Channel | None) -> str:
        if obj is not None and obj.description:
            return obj.description
        return _("协会动态、通知公告与专题报道。")

    subtitle = description  # Atom

    def link(self, obj: Channel | None) -> str:
        return self._absolute(obj.trail[-1].url if obj else reverse("news:index"))

    def feed_url(self, obj: Channel | None) -> str:
        return self._absolute(self.request.path)

    def items(self, obj: Channel | None) -> list[Article]:
        articles = selectors.article_list_public()
        if obj is not None:
            articles = articles.filter(channel__in=selectors.descendant_ids(obj))
        return list(articles.order_by("-publish_at", "-pk")[:FEED_SIZE])

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_link(self, item: Article) -> str:
        return self._absolute(item.get_absolute_url())

    def item_guid(self, item: Article) -> str:
        return self.item_link(item)

    def item_pubdate(self, item: Article) -> Any:
        return item.publish_at

    def item_updateddate(self, item: Article) -> Any:
        return max(item.updated_at, item.publish_at) if item.publish_at else item.updated_at

    def item_author_name(self, item: Article) -> str:
        return item.author

    def item_categories(self, item: Article) -> list[str]:
        return [channel_display_name(item.channel)]


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed


def feed_view(feed_class: type[NewsFeed]):
    def view(request: HttpRequest, path: str | None = None) -> HttpResponse:
        response = feed_class(request)(request, path=path)
        response["Cache-Control"] = "public, max-age=300"
        return response

    view.__name__ = f"{feed_class.__name__.lower()}_view"
    return view


rss = feed_view(NewsFeed)
atom = feed_view(NewsAtomFeed)

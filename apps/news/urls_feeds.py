"""Machine-readable news: feeds and the sitemap. Included outside i18n_patterns (no /en/)."""

from django.urls import path, re_path

from . import feeds, sitemaps
from .urls import ChannelPathConverter

urlpatterns = [
    path("feeds/news.xml", feeds.rss, name="news_feed_rss"),
    path("feeds/news.atom", feeds.atom, name="news_feed_atom"),
    re_path(
        rf"^feeds/news/(?P<path>{ChannelPathConverter.regex})\.xml$",
        feeds.rss,
        name="news_channel_feed_rss",
    ),
    re_path(
        rf"^feeds/news/(?P<path>{ChannelPathConverter.regex})\.atom$",
        feeds.atom,
        name="news_channel_feed_atom",
    ),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
]

"""/sitemap.xml: an index of the site's public pages, channels, public articles, topics.

URLs use the host and scheme of the request rather than the sites framework's Site row
(which says example.com until staff change it): `sitemap` builds the sitemap objects per
request with the request's host.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils.translation import get_language, override
from django.views.decorators.cache import cache_page

from . import selectors
from .models import Article, Topic

# Public pages from the URL contract; those not (yet) served are left out.
STATIC_PATHS = (
    "/",
    "/news/",
    "/topics/",
    "/stats/",
    "/party/",
    "/legal-help/",
    "/lawyers/",
    "/firms/",
    "/overseas/",
    "/complaints/new/",
    "/complaints/track/",
    "/news/rules/",
    "/news/magazine/",
    "/news/guides/",
)


def _in_language(path: str) -> str:
    """A zh-hans path ("/news/") in the language the sitemap is rendering."""
    language = get_language()
    with override(settings.LANGUAGE_CODE):
        return translate_url(path, language)


class _RequestHostSitemap(Sitemap):
    # Every page in each language (zh-hans, zh-hant, en), each entry listing the others
    # as <xhtml:link rel="alternate" hreflang> plus x-default (the Simplified page).
    i18n = True
    alternates = True
    x_default = True

    def __init__(self, domain: str) -> None:
        self.domain = domain

    def get_domain(self, site: Any = None) -> str:
        return self.domain


class StaticSitemap(_RequestHostSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self) -> list[str]:
        served = []
        for path in STATIC_PATHS:
            try:
                resolve(path)
            except Resolver404:
                continue
            served.append(path)
        return served

    def location(self, item: str) -> str:
        return _in_language(item)


class ChannelSitemap(_RequestHostSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self) -> list[Any]:
        return selectors.channel_list_active()

    def location(self, item: Any) -> str:
        return _in_language(item.url)


class ArticleSitemap(_RequestHostSitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 5000

    def items(self) -> Any:
        return (
            Article.objects.public()
            .only("pk", "updated_at", "publish_at")
            .order_by("-publish_at", "-pk")
        )

    def lastmod(self, item: Article) -> Any:
        return item.updated_at


class TopicSitemap(_RequestHostSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> Any:
        return Topic.objects.active().only("slug", "created_at")


SITEMAPS: dict[str, type[_RequestHostSitemap]] = {
    "static": StaticSitemap,
    "channels": ChannelSitemap,
    "articles": ArticleSitemap,
    "topics": TopicSitemap,
}


def _sitemaps_for(request: HttpRequest) -> dict[str, _RequestHostSitemap]:
    host = request.get_host()
    return {key: cls(host) for key, cls in SITEMAPS.items()}


@cache_page(60 * 15)
def index(request: HttpRequest) -> HttpResponse:
    """/sitemap.xml: the index of the sections (Django's own index view would use the
    Site row's domain)."""
    items = []
    for section, each in _sitemaps_for(request).items():
        url = request.build_absolute_uri(reverse("sitemap_section", kwargs={"section": section}))
        lastmod = each.get_latest_lastmod()
        items.append(SitemapIndexItem(url, lastmod))
        items += [
            SitemapIndexItem(f"{url}?p={page}", lastmod)
            for page in range(2, each.paginator.num_pages + 1)
        ]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
    )


@cache_page(60 * 15)
def section(request: HttpRequest, section: str) -> HttpResponse:
    """/sitemap-<section>.xml (?p=2 … for long sections)."""
    return django_sitemap(request, _sitemaps_for(request), section=section)

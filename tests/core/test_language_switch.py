"""The language switch links to this page in each language, and never off the site."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory

pytestmark = pytest.mark.django_db

LANGUAGE_NAV = re.compile(r'<nav class="language-switch".*?</nav>', re.S)
HREF = re.compile(r'href="([^"]*)"')


def _links(path: str) -> list[str]:
    request = RequestFactory().get("/", PATH_INFO=path)
    rendered = Template(
        "{% load core_tags %}{% language_links as ls %}{% for l in ls %}{{ l.href }}|{% endfor %}"
    ).render(Context({"request": request}))
    return [href for href in rendered.split("|") if href]


ATTACKS = [
    "//evil.example",
    "//evil.example/news/",
    "///evil.example",
    "//evil.example?q=1",
    "/\\evil.example",
    "/\\\\evil.example",
    "/en//evil.example",
]


def _is_local(href: str) -> bool:
    return href.startswith("/") and not href.startswith(("//", "/\\"))


@pytest.mark.parametrize("path", ATTACKS[:4])
def test_a_path_that_looks_like_another_site_links_home_instead(path):
    assert _links(path) == ["/", "/zh-hant/", "/en/"]


@pytest.mark.parametrize("path", ATTACKS)
def test_every_language_link_stays_on_the_site(path):
    links = _links(path)
    assert len(links) == 3
    assert all(_is_local(href) for href in links), links


def test_a_normal_page_links_to_its_counterparts():
    assert _links("/news/") == ["/news/", "/zh-hant/news/", "/en/news/"]


@pytest.mark.parametrize("path", ["//evil.example", "/\\evil.example", "//evil.example/"])
def test_a_rendered_page_never_links_off_site_from_its_language_switch(client, path):
    response = client.get("/", PATH_INFO=path)
    nav = LANGUAGE_NAV.search(response.content.decode())
    assert nav, "the page renders the language switch"
    hrefs = HREF.findall(nav.group(0))
    assert hrefs
    assert all(_is_local(href) for href in hrefs), hrefs


# --- on real pages: the request's own match is reused --------------------------------

PAGES = [
    "/",
    "/news/",
    "/search/?q=CIIE&page=2",
    "/lawyers/?q=zhang",
    "/en/lawyers/?q=zhang&status=practising",
    "/zh-hant/overseas/",
    "/en/stats/",
]


def _page_links(html: str) -> list[str]:
    import html as html_lib

    nav = LANGUAGE_NAV.search(html)
    assert nav, "the page has a language switch"
    return [html_lib.unescape(href) for href in HREF.findall(nav.group(0))]


@pytest.mark.parametrize("path", PAGES)
def test_language_links_on_a_page_are_djangos_translate_url_of_it(client, path):
    from django.conf import settings
    from django.urls import translate_url
    from django.utils import translation

    response = client.get(path)
    assert response.status_code == 200
    active = response.headers["Content-Language"]
    with translation.override(active):
        expected = [translate_url(path, code) for code, _name in settings.LANGUAGES]

    assert _page_links(response.content.decode()) == expected


def test_the_page_path_is_not_resolved_again_for_each_language(client, monkeypatch):
    """The language switch and the hreflang links used to resolve the path six times."""
    import django.urls.base

    calls = []
    real_resolve = django.urls.base.resolve

    def counting_resolve(*args, **kwargs):
        calls.append(args)
        return real_resolve(*args, **kwargs)

    monkeypatch.setattr(django.urls.base, "resolve", counting_resolve)

    response = client.get("/en/lawyers/?q=zhang")

    assert response.status_code == 200
    assert _page_links(response.content.decode())[2] == "/en/lawyers/?q=zhang"
    assert calls == []

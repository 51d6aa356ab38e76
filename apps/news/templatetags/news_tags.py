"""Template helpers for the news pages.

{% load news_tags %}
{{ channel|display_name }}            name_en under /en/ when set, else name (core.i18n)
{{ topic|display_title }}             title_en under /en/ when set, else title (core.i18n)
{% absolute_uri article.get_absolute_url %}   with the request's scheme and host
{{ article|article_url }}             article.get_absolute_url(), without a reverse() each
{{ article.publish_at|iso_datetime }} same as |date:"c", {{ …|ymd }} same as |date:"Y-m-d"

The last three exist for article lists: reverse() and the generic date filter were about
half of the cost of one list item (~100 of ~200 µs; /news/ and the home page render 30-40
items). They give exactly the same output (tests/news/test_views.py checks it).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Any

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from apps.core.i18n import localized

register = template.Library()


@register.filter
def display_name(channel: Any) -> str:
    return localized(channel, "name")


@register.filter
def display_title(topic: Any) -> str:
    return localized(topic, "title")


@register.simple_tag(takes_context=True)
def absolute_uri(context: template.Context, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


_PK_PLACEHOLDER = 2147483647


@lru_cache(maxsize=64)
def _article_url_parts(language: str | None, script_prefix: str, urlconf: Any) -> tuple[str, str]:
    # reverse() depends on the active language (i18n_patterns), the script prefix and
    # the request's urlconf: resolve once per combination, then splice the pk in.
    url = reverse("news:article", kwargs={"pk": _PK_PLACEHOLDER})
    head, _, tail = url.rpartition(str(_PK_PLACEHOLDER))
    return head, tail


@register.filter
def article_url(article: Any) -> str:
    """The same as article.get_absolute_url() (reverse("news:article", pk=…))."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    head, tail = _article_url_parts(get_language(), get_script_prefix(), urlconf)
    return f"{head}{int(article.pk)}{tail}"


@register.filter(expects_localtime=True)
def iso_datetime(value: Any) -> str:
    """The same as |date:"c" (the template engine has converted it to local time)."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return ""


@register.filter(expects_localtime=True)
def ymd(value: Any) -> str:
    """The same as |date:"Y-m-d"."""
    if isinstance(value, (datetime, date)):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    return ""

"""Template helpers for the news pages.

{% load news_tags %}
{{ channel|display_name }}            name_en under /en/ when set, else name (core.i18n)
{{ topic|display_title }}             title_en under /en/ when set, else title (core.i18n)
{% absolute_uri article.get_absolute_url %}   with the request's scheme and host
{{ article|article_url }}             article.get_absolute_url(), without a reverse() each
{{ article.publish_at|iso_datetime }} same as |date:"c", {{ …|ymd }} same as |date:"Y-m-d"
{% article_item article show_channel=… show_summary=… heading_level=2 pinned_first=… %}
                                      one <li> of an article list (see article_item)

The last four exist for article lists: reverse() and the generic date filter were about
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
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext

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


def _local(value: Any) -> Any:
    # What the template engine does before an expects_localtime filter.
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.simple_tag
def article_item(
    article: Any,
    *,
    show_channel: Any = False,
    show_summary: Any = False,
    heading_level: Any = 3,
    pinned_first: Any = False,
) -> SafeString:
    """One article in a list, as an ``<li>`` for a ``<ul class="article-list">``.

    ``show_channel`` adds the channel's name, ``show_summary`` the summary (never for a
    members-only article: its summary comes from its body), ``heading_level`` is the
    title's heading, one below the list's own heading (default 3), and ``pinned_first``
    marks pinned articles (lists that sort them first).

    Written in Python rather than as an included template: lists render 10-50 of these
    and the include cost ~150 µs each, this ~20 µs (bench/README.md, "Article lists").
    Every value is escaped by format_html; tests/news/test_article_item.py pins the markup.
    """
    level = int(heading_level or 3)
    pinned = bool(pinned_first and article.is_pinned)
    members = article.visibility == "members"
    badges = SafeString("")
    if pinned:
        badges += format_html('<span class="badge badge-pinned">{}</span>', gettext("置顶"))
    if members:
        badges += format_html(
            '<span class="badge badge-members" title="{}">{}</span>',
            gettext("仅会员可阅读全文"),
            gettext("会员"),
        )
    summary = SafeString("")
    if show_summary and article.summary and not members:
        summary = format_html(
            '<p class="article-item-summary">{}</p>', Truncator(article.summary).chars(90)
        )
    channel = SafeString("")
    if show_channel:
        channel = format_html(
            '<span class="article-item-channel">{}</span>', display_name(article.channel)
        )
    published = _local(article.publish_at)
    return format_html(
        '<li class="article-item{}">'
        '<h{} class="article-item-title">{}<a href="{}">{}</a></h{}>'
        "{}"
        '<p class="article-item-meta">{}<time datetime="{}">{}</time></p>'
        "</li>",
        " is-pinned" if pinned else "",
        level,
        badges,
        article_url(article),
        article.title,
        level,
        summary,
        channel,
        iso_datetime(published),
        ymd(published),
    )

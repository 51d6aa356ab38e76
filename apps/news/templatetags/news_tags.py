"""Template helpers for the news pages.

{% load news_tags %}
{{ channel|display_name }}            name_en under /en/ when set, else name
{{ topic|display_title }}             title_en under /en/ when set, else title
{% absolute_uri article.get_absolute_url %}   with the request's scheme and host
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


def _english() -> bool:
    return (get_language() or "").startswith("en")


@register.filter
def display_name(channel: Any) -> str:
    if _english() and getattr(channel, "name_en", ""):
        return channel.name_en
    return getattr(channel, "name", "")


@register.filter
def display_title(topic: Any) -> str:
    if _english() and getattr(topic, "title_en", ""):
        return topic.title_en
    return getattr(topic, "title", "")


@register.simple_tag(takes_context=True)
def absolute_uri(context: template.Context, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path

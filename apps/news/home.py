"""The news section of the home page (registered in NewsConfig.ready()).

Headline (featured articles), notices (pinned articles and the 通知公告 channel), the
newest articles of each top-level channel and the current topics — public articles only,
so the section is the same for everyone and is cached briefly; saving an article clears it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import get_language

from .selectors import home_news

HOME_CACHE_KEY = "news:home:v1"
HOME_CACHE_TTL = 60


def home_news_context(request: HttpRequest) -> dict[str, Any]:
    # Per language: channel links are reversed with the language prefix.
    key = f"{HOME_CACHE_KEY}:{get_language()}"
    news = cache.get(key)
    if news is None:
        news = home_news()
        cache.set(key, news, HOME_CACHE_TTL)
    return {"home_news": news}


def home_news_invalidate() -> None:
    cache.delete_many([f"{HOME_CACHE_KEY}:{code}" for code, _name in settings.LANGUAGES])

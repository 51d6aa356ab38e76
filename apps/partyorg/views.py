"""The public party-building page (/party/): aggregates only, never a person."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.news import selectors as news_selectors

from .selectors import (
    DEFINITIONS,
    featured_cases_public,
    organization_honours_public,
    party_statistics,
)

NEWS_CHANNEL_PATH = "party-building"
NEWS_SHOWN = 6


def _party_news() -> tuple[object | None, list]:
    try:
        channel = news_selectors.channel_get_by_path(path=NEWS_CHANNEL_PATH)
    except Http404:
        return None, []
    return channel, list(news_selectors.article_list(channel=channel)[:NEWS_SHOWN])


@require_GET
def party_home(request: HttpRequest) -> HttpResponse:
    channel, news = _party_news()
    return render(
        request,
        "partyorg/home.html",
        {
            "stats": party_statistics(),
            "definitions": DEFINITIONS,
            "honours": organization_honours_public(),
            "cases": featured_cases_public(),
            "news_channel": channel,
            "news": news,
            "breadcrumbs": [(_("党建引领"), "")],
        },
    )

"""Sections of the home page, contributed by the apps that own their content.

Like key figures (`apps.core.figures`), apps register from ``AppConfig.ready()`` so that
`core` never imports them::

    from apps.core.home import home_section_register

    home_section_register(
        "news.headlines",
        template="news/includes/_home_news.html",
        context=home_news_context,  # (request) -> dict, e.g. a selector call
        order=10,
    )

The home page renders each registered section in `order`: the template gets the dict
returned by `context` (plus the request and the usual context processors).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

logger = logging.getLogger(__name__)

SectionContext = Callable[[HttpRequest], dict[str, Any]]


@dataclass(frozen=True)
class HomeSection:
    key: str
    template: str
    context: SectionContext | None = None
    order: int = 100


_registry: dict[str, HomeSection] = {}


def home_section_register(
    key: str, *, template: str, context: SectionContext | None = None, order: int = 100
) -> None:
    """Register (or replace) the section `key`."""
    _registry[key] = HomeSection(key=key, template=template, context=context, order=order)


def home_section_unregister(key: str) -> None:
    _registry.pop(key, None)


def home_sections() -> list[HomeSection]:
    return sorted(_registry.values(), key=lambda section: (section.order, section.key))


def home_sections_render(request: HttpRequest) -> list[SafeString]:
    """Each registered section rendered to HTML; a section that fails is logged and left out
    (re-raised under DEBUG) so that one broken app does not take the home page down."""
    rendered: list[SafeString] = []
    for section in home_sections():
        try:
            context = section.context(request) if section.context else {}
            rendered.append(render_to_string(section.template, context, request=request))
        except Exception:
            if settings.DEBUG:
                raise
            logger.exception("Home section %s failed", section.key)
    return rendered

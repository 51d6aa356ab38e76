from __future__ import annotations

from django.core.cache import cache

from .models import SITE_SETTINGS_CACHE_KEY, SiteSettings


def site_settings_get() -> SiteSettings:
    """The site settings with their footer links, cached until staff edit them."""
    settings_ = cache.get(SITE_SETTINGS_CACHE_KEY)
    if settings_ is None:
        settings_, _ = SiteSettings.objects.get_or_create(pk=1)
        settings_.footer_links = list(settings_.links.all())
        cache.set(SITE_SETTINGS_CACHE_KEY, settings_, 60 * 60)
    return settings_


def site_settings_invalidate() -> None:
    cache.delete(SITE_SETTINGS_CACHE_KEY)

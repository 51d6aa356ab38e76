"""The site context processor: the site settings are read once per request."""

from __future__ import annotations

from apps.core import context_processors
from apps.core.models import SiteSettings


def test_site_settings_are_read_once_per_request_however_many_parts_render(rf, monkeypatch):
    reads: list[SiteSettings] = []

    def read() -> SiteSettings:
        reads.append(SiteSettings(pk=1))
        return reads[-1]

    monkeypatch.setattr(context_processors, "site_settings_get", read)
    request = rf.get("/portal/")

    # The portal home renders each panel separately: the processors run once per panel.
    first = context_processors.site(request)["site_settings"]
    again = context_processors.site(request)["site_settings"]
    other = context_processors.site(rf.get("/portal/"))["site_settings"]

    assert first is again
    assert other is not first
    assert len(reads) == 2

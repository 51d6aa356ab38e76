"""Storage for uploads that must never be served by the web server.

Member contributions (网上投稿) are private until an editor accepts them, article
attachments are as visible as their article (members-only ones are not public), and the
files of rules, guides and magazine issues are public only once those are published; so
their files live under PRIVATE_MEDIA_ROOT — outside MEDIA_ROOT, which /media/ serves to
anyone — and have no URL: they are downloaded through views that check who is asking
(apps.news.views.contributions, .attachments and .publications, with the rules in
apps.news.selectors).
"""

from __future__ import annotations

import os

from django.conf import settings
from django.utils.deconstruct import deconstructible

from apps.core.uploads import TidyFileSystemStorage


@deconstructible
class PrivateStorage(TidyFileSystemStorage):
    """FileSystemStorage rooted at settings.PRIVATE_MEDIA_ROOT (read on every use, so
    override_settings in tests works), with no public URL."""

    def __init__(self) -> None:
        super().__init__()

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; link to their download view.")


private_storage = PrivateStorage()

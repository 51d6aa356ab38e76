"""Complaint files live in private storage (never served by the web server).

Re-uses the news app's idea but not its module (complaints does not depend on news):
files go under settings.PRIVATE_MEDIA_ROOT and are downloaded only through views that
check who is asking (officers in admin, the respondent for defence material).
"""

from __future__ import annotations

import os

from django.conf import settings
from django.utils.deconstruct import deconstructible

from apps.core.uploads import TidyFileSystemStorage


@deconstructible
class PrivateStorage(TidyFileSystemStorage):
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

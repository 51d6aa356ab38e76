"""The name the historical migration 0001 imports.

Complaint files use ``apps.core.uploads.private_storage`` (STORAGES["private"]): never
served by the web server, downloaded only through views that check who is asking
(officers in admin, the respondent for defence material).
"""

from __future__ import annotations

from apps.core.uploads import PrivateFileSystemStorage as PrivateStorage

__all__ = ["PrivateStorage"]

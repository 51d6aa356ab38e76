"""The name the historical migration 0001 imports.

Report files use ``apps.core.uploads.private_storage`` (STORAGES["private"]): downloaded
only through a view that checks the reports permission, never served by the web server.
"""

from __future__ import annotations

from apps.core.uploads import PrivateFileSystemStorage as ReportStorage

__all__ = ["ReportStorage"]

"""The name the historical migrations 0005–0007 import.

News files that must not be public — member contributions until an editor accepts them,
article attachments (members-only ones are not public), the files of rules, guides and
magazine issues until those are published — use ``apps.core.uploads.private_storage``
(STORAGES["private"]) and have no URL: they are downloaded through views that check who
is asking (apps.news.views.contributions, .attachments and .publications, with the rules
in apps.news.selectors).
"""

from __future__ import annotations

from apps.core.uploads import PrivateFileSystemStorage as PrivateStorage

__all__ = ["PrivateStorage"]

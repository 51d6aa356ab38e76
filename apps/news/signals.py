"""Keep the search vector current (STYLE.md allows signals for search reindexing).

Connected in NewsConfig.ready(). The vector is written by a plain UPDATE, so saving it
does not fire post_save again and does not add a history row.
"""

from __future__ import annotations

from typing import Any

from .home import home_news_invalidate
from .search import article_search_vectors_update, reindex_needed


def article_post_save(
    sender: type, instance: Any, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    home_news_invalidate()
    if raw:  # loaddata: fixtures carry no vector; run `manage.py news_reindex` after
        return
    if reindex_needed(update_fields):
        article_search_vectors_update([instance])


def home_news_changed(sender: type, **kwargs: Any) -> None:
    """An article deleted, or a channel or topic saved or deleted: the home page's news
    section may name it."""
    home_news_invalidate()

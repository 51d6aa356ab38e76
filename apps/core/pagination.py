"""Pagination that reads a page and the number of all rows in one query.

Django's Paginator counts first (``SELECT COUNT(*)``), then fetches the page: for a
filtered, sorted list — the public register looked up by a common surname, 3,300 of
42,000 lawyers at city scale — PostgreSQL finds the matches twice. Here the page query
carries the total as ``count(*) OVER ()`` and the paginator learns its count from the
first row. Only when the page is empty (no match, or a page past the end) does it count
the usual way, to find the last page as ``get_page`` promises.

Use it where the database must find and sort every match to answer the page anyway (a
full-text match ordered by an expression). Where the page can be read from an index with
a LIMIT, the window would make it read every row instead: keep Django's Paginator there.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

TOTAL = "_rows_total"


class CountAlongPaginator(Paginator):
    """A Paginator over an ordered queryset whose ``get_page`` costs one query."""

    def __init__(self, object_list: QuerySet[Any], per_page: int, **kwargs: Any) -> None:
        if kwargs.get("orphans"):
            raise ValueError("CountAlongPaginator does not merge orphans into the last page")
        super().__init__(object_list.annotate(**{TOTAL: Window(Count("*"))}), per_page, **kwargs)

    def get_page(self, number: Any) -> Page:
        try:
            wanted = int(number) if number not in (None, "") else 1
        except (TypeError, ValueError):
            wanted = 1
        if wanted < 1:
            return super().get_page(number)  # Django shows the last page for these
        bottom = (wanted - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if rows:
            self.__dict__["count"] = getattr(rows[0], TOTAL)  # Paginator.count is cached
            return self._get_page(rows, wanted, self)
        if wanted == 1 and self.allow_empty_first_page:
            self.__dict__["count"] = 0  # the first page is empty: nothing matches
            return self._get_page(rows, 1, self)
        return super().get_page(number)  # past the end: count, then the last page

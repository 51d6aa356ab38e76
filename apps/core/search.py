"""Site search: a registry of searchable types, contributed by the apps that own them.

`core` never imports those apps. Each app registers a provider from its
``AppConfig.ready()``::

    from apps.core.search import search_provider_register

    search_provider_register(NewsSearchProvider())

A provider is any object with the attributes and methods of `SearchProvider`: a `key`
(used in ``?type=``), a `label` for its tab, an `order`, a `filter_form(data)` returning a
Django form for its own filters (or None), and `search(...)` returning a `SearchPage`.
The core view (`apps.core.views.search`) checks the query once (`search_query_clean`),
then asks the providers: the selected one for a page of results, or — on the "all" tab —
each for its first few.

Snippets and titles in results are HTML-safe strings: the provider escapes the text and
wraps matched words in ``<mark>`` (`highlight` does exactly that).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from django import forms
from django.db.models import Count, QuerySet, Window
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .hant import to_hans

# Longer queries are cut to this many characters (after normalising), with a notice.
MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class SearchResult:
    type_label: str
    title: SafeString  # escaped, matches in <mark>
    url: str
    snippet: SafeString | str = ""  # escaped, matches in <mark>
    date: dt.date | dt.datetime | None = None
    meta: str = ""  # e.g. the channel of an article, a firm's district


@dataclass(frozen=True)
class SearchPage:
    results: list[SearchResult]
    total: int
    # True when `total` is a lower bound: the provider stopped counting (see its docs).
    capped: bool = False
    notices: list[str] = field(default_factory=list)


@runtime_checkable
class SearchProvider(Protocol):
    key: str
    label: str
    order: int

    def filter_form(self, data: Mapping[str, Any] | None) -> forms.Form | None:
        """A form for this type's filters bound to `data` (None: unbound), or None."""

    def search(
        self,
        query: str,
        *,
        user: Any,
        filters: Mapping[str, Any],
        limit: int,
        offset: int,
    ) -> SearchPage:
        """Results `offset`..`offset+limit` for the cleaned `query`, visible to `user`.

        `filters` is the filter form's cleaned_data (empty when the form has no data).
        """


def rows_and_total(queryset: QuerySet[Any], *, offset: int, limit: int) -> tuple[list[Any], int]:
    """One page of an ordered queryset and the number of all its rows, in one query.

    The total rides along as ``count(*) OVER ()``: PostgreSQL finds and sorts the matches
    once instead of once for the count and again for the page (on /search/ at city scale
    a provider's count plus its page cost 4–8 ms; each a full pass over the matches).
    A page past the end has no row to carry the total: then it is counted.
    """
    rows = list(queryset.annotate(_rows_total=Window(Count("*")))[offset : offset + limit])
    if rows:
        return rows, rows[0]._rows_total
    return rows, (queryset.count() if offset else 0)


_registry: dict[str, SearchProvider] = {}


def search_provider_register(provider: SearchProvider) -> None:
    """Register (or replace) the provider with `provider.key`."""
    _registry[provider.key] = provider


def search_provider_unregister(key: str) -> None:
    _registry.pop(key, None)


def search_providers() -> list[SearchProvider]:
    return sorted(_registry.values(), key=lambda provider: (provider.order, provider.key))


def search_provider_get(key: str) -> SearchProvider | None:
    return _registry.get(key)


# --- The query ----------------------------------------------------------------------


@dataclass(frozen=True)
class CleanQuery:
    text: str  # what is searched for: normalised, trimmed, at most MAX_QUERY_LENGTH
    raw: str
    truncated: bool = False
    error: str = ""  # set when there is nothing to search for; the page shows it

    @property
    def ok(self) -> bool:
        return bool(self.text) and not self.error


_SPACES = re.compile(r"\s+")
# A searchable character: a letter or digit of any script (\w without the underscore).
_SEARCHABLE = re.compile(r"[^\W_]")


def search_query_clean(raw: str | None) -> CleanQuery:
    """Normalise what the visitor typed and say plainly why it cannot be searched, if so.

    NFKC folds full-width letters and digits (ＣＩＩＥ, ２０２５) to their usual forms;
    Traditional characters (and Taiwan/Hong Kong wording: 搜尋 律師) become Simplified,
    as the content and its index are Simplified (apps.core.hant.to_hans); runs of white
    space become one space; control characters go.
    """
    raw = raw or ""
    text = to_hans(unicodedata.normalize("NFKC", raw))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\t\n")
    text = _SPACES.sub(" ", text).strip()
    if not text:
        return CleanQuery(text="", raw=raw, error=_("请输入要搜索的关键词。"))
    truncated = len(text) > MAX_QUERY_LENGTH
    if truncated:
        text = text[:MAX_QUERY_LENGTH].rstrip()
    if not _SEARCHABLE.search(text):
        return CleanQuery(
            text=text,
            raw=raw,
            truncated=truncated,
            error=_("搜索词只含标点或符号，请输入文字、字母或数字。"),
        )
    return CleanQuery(text=text, raw=raw, truncated=truncated)


# --- Highlighting -------------------------------------------------------------------


def highlight(text: str, terms: Iterable[str]) -> SafeString:
    """`text` escaped, with every case-insensitive occurrence of a term in <mark>.

    Longer terms win over shorter ones that overlap them. Escaping happens piece by piece
    before wrapping, so a term can never break an entity or inject markup.
    """
    unique = sorted({term for term in terms if term}, key=len, reverse=True)
    if not text:
        return mark_safe("")  # an empty string  # nosec B308
    if not unique:
        return escape(text)
    pattern = re.compile("|".join(re.escape(term) for term in unique), re.IGNORECASE)
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece escaped above  # nosec B308, B703


def excerpt_around(text: str, terms: Sequence[str], *, width: int = 120) -> str:
    """About `width` characters of `text` around the first occurrence of any term.

    Falls back to the beginning of the text. Adds an ellipsis where the excerpt was cut.
    """
    if len(text) <= width:
        return text
    lowered = text.lower()
    hits = [index for term in terms if term and (index := lowered.find(term.lower())) >= 0]
    start = max(0, min(hits) - width // 3) if hits else 0
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    excerpt = text[start:end].strip()
    return ("…" if start > 0 else "") + excerpt + ("…" if end < len(text) else "")

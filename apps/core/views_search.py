"""/search/?q= — the site search page over every registered provider (apps.core.search).

Query string: ``q`` (the words), ``type`` (a provider key; "all" shows each provider's
first few results when more than one is registered), ``page``, and the selected
provider's own filters (news: ``channel``, ``date_from``, ``date_to``).

Answers: 200 with results; 200 with a plain message when there is nothing to search for
(empty, only punctuation) or the query was shortened (longer than MAX_QUERY_LENGTH);
400 when a filter is invalid (the form shows why); never 500 for anything typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .search import (
    MAX_QUERY_LENGTH,
    SearchPage,
    SearchProvider,
    SearchResult,
    search_provider_get,
    search_providers,
    search_query_clean,
)

PAGE_SIZE = 10
# Results per provider on the "all" tab.
ALL_TAB_SIZE = 5
# Deep pages are refused: ranked results past this are not worth reading.
MAX_PAGE = 100


class _PrefetchedPage(Sequence):
    """A list of `total` results of which only one page, at `offset`, was fetched.

    Lets Django's Paginator (and so components/_pagination.html) page through results
    that the provider fetched with LIMIT/OFFSET.
    """

    def __init__(self, results: list[SearchResult], *, offset: int, total: int) -> None:
        self._results = results
        self._offset = offset
        self._total = total

    def __len__(self) -> int:
        return self._total

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            start = (index.start or 0) - self._offset
            stop = (index.stop if index.stop is not None else self._total) - self._offset
            return self._results[max(start, 0) : max(stop, 0)]
        return self._results[index - self._offset]


def _page_number(raw: str | None) -> int:
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


def _tabs(providers: list[SearchProvider], active: str, show_all: bool) -> list[dict[str, Any]]:
    tabs = [{"key": "all", "label": _("全部"), "active": active == "all"}] if show_all else []
    tabs += [
        {"key": provider.key, "label": provider.label, "active": provider.key == active}
        for provider in providers
    ]
    return tabs


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    providers = search_providers()
    show_all = len(providers) > 1
    requested = request.GET.get("type") or ("all" if show_all else "")
    provider = search_provider_get(requested) if requested != "all" else None
    if provider is None and not (show_all and requested == "all"):
        # Unknown type: fall back to the default tab rather than an error page.
        provider = None if show_all else (providers[0] if providers else None)
    active = provider.key if provider else "all"

    query = search_query_clean(request.GET.get("q"))
    notices: list[str] = []
    if query.truncated:
        notices.append(_("搜索词过长，只按前 %(count)d 个字搜索。") % {"count": MAX_QUERY_LENGTH})

    context: dict[str, Any] = {
        "breadcrumbs": [(_("站内搜索"), "")],
        "query": query,
        "q": query.text,
        "tabs": _tabs(providers, active, show_all),
        "active_type": active,
        "provider": provider,
        "filter_form": None,
        "page_obj": None,
        "sections": [],
        "notices": notices,
        "error": query.error if request.GET.get("q") is not None else "",
    }
    status = 200

    filters: dict[str, Any] = {}
    if provider is not None:
        # Every filter is optional, so the form bound to the query string is valid when
        # none is given; extra keys (q, type, page) are ignored.
        form = provider.filter_form(request.GET)
        context["filter_form"] = form
        if form is not None:
            if form.is_valid():
                filters = form.cleaned_data
                context["filters_active"] = any(filters.values())
            else:
                context["error"] = _("筛选条件有误，请按提示修改。")
                status = 400

    if query.ok and status == 200:
        if provider is not None:
            context["page_obj"], page = _provider_page(request, provider, query.text, filters)
            notices.extend(page.notices)
            context["capped"] = page.capped or page.total > context["page_obj"].paginator.count
        else:
            for each in providers:
                page = each.search(
                    query.text, user=request.user, filters={}, limit=ALL_TAB_SIZE, offset=0
                )
                notices.extend(page.notices)
                context["sections"].append({"provider": each, "page": page})
        context["notices"] = list(dict.fromkeys(notices))
    return render(request, "core/search.html", context, status=status)


def _provider_page(
    request: HttpRequest, provider: SearchProvider, text: str, filters: dict[str, Any]
) -> tuple[Any, SearchPage]:
    number = _page_number(request.GET.get("page"))
    page = provider.search(
        text, user=request.user, filters=filters, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE
    )
    last = max(1, -(-page.total // PAGE_SIZE))
    if number > last:
        # Past the end (a stale link): show the last page instead of an empty one.
        number = min(last, MAX_PAGE)
        page = provider.search(
            text,
            user=request.user,
            filters=filters,
            limit=PAGE_SIZE,
            offset=(number - 1) * PAGE_SIZE,
        )
    total = min(page.total, MAX_PAGE * PAGE_SIZE)
    items = _PrefetchedPage(page.results, offset=(number - 1) * PAGE_SIZE, total=total)
    return Paginator(items, PAGE_SIZE).get_page(number), page

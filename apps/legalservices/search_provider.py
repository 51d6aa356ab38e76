"""Lawyers, firms and overseas offices in the site search (/search/, apps.core.search)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.links import url_with
from apps.core.search import SearchPage, SearchResult, highlight, rows_and_total

from .countries import country_name
from .models import OverseasOffice
from .selectors.lookup import LookupFilters, firm_lookup, lawyer_lookup


class LawyerSearchProvider:
    key = "lawyers"
    label = _("律师")
    order = 30

    def filter_form(self, data: Mapping[str, Any] | None) -> None:
        return None

    def search(
        self, query: str, *, user: Any, filters: Mapping[str, Any], limit: int, offset: int
    ) -> SearchPage:
        entries, total = rows_and_total(
            # Narrow rows: the window count buffers every match (王: 11 → 6.4 ms).
            lawyer_lookup(LookupFilters(q=query)).only("licence_no", "name", "firm"),
            offset=offset,
            limit=limit,
        )
        results = [
            SearchResult(
                type_label=str(self.label),
                title=highlight(entry.name, [query]),
                url=url_with("legalservices:lawyer_detail", entry.licence_no),
                snippet=highlight(entry.licence_no, [query]),
                meta=entry.firm.name if entry.firm_id else "",
            )
            for entry in entries
        ]
        return SearchPage(results=results, total=total)


class FirmSearchProvider:
    key = "firms"
    label = _("律所")
    order = 31

    def filter_form(self, data: Mapping[str, Any] | None) -> None:
        return None

    def search(
        self, query: str, *, user: Any, filters: Mapping[str, Any], limit: int, offset: int
    ) -> SearchPage:
        entries, total = rows_and_total(
            firm_lookup(LookupFilters(q=query)).only(
                "licence_no", "name", "district", "district__name"
            ),
            offset=offset,
            limit=limit,
        )
        results = [
            SearchResult(
                type_label=str(self.label),
                title=highlight(entry.name, [query]),
                url=url_with("legalservices:firm_detail", entry.firm_id),
                snippet=entry.licence_no,
                meta=entry.district.name if entry.district_id else "",
            )
            for entry in entries
        ]
        return SearchPage(results=results, total=total)


class OverseasSearchProvider:
    key = "overseas"
    label = _("海外网点")
    order = 32

    def filter_form(self, data: Mapping[str, Any] | None) -> None:
        return None

    def search(
        self, query: str, *, user: Any, filters: Mapping[str, Any], limit: int, offset: int
    ) -> SearchPage:
        offices = (
            OverseasOffice.objects.public()
            .filter(
                Q(name__icontains=query)
                | Q(city__icontains=query)
                | Q(city_en__icontains=query)
                | Q(firm__name__icontains=query)
            )
            .select_related("firm")
            # What a result shows: a narrow row to sort (a word such as 律师 matches
            # nearly every office through its firm's name).
            .only("name", "country", "city", "address", "firm", "firm__name")
            .order_by("country", "city", "name", "pk")
        )
        rows, total = rows_and_total(offices, offset=offset, limit=limit)
        results = [
            SearchResult(
                type_label=str(self.label),
                title=highlight(office.name, [query]),
                url=url_with("legalservices:overseas_detail", office.pk),
                snippet=highlight(
                    f"{country_name(office.country)} · {office.city} · {office.address}", [query]
                ),
                meta=office.firm.name,
            )
            for office in rows
        ]
        return SearchPage(results=results, total=total)

"""The public register: lawyer and firm lookup, detail pages, the JSON API.

What is public: a lawyer's name, licence number, practice status, category, firm, first
licensed year, practice areas, working languages, recent annual review results and public
honours (as apps.members.selectors.records defines them); a firm's name, licence number,
district, type, status, address, website, office phone, head office or branches, lawyers
and overseas offices.
What never leaves here: a lawyer's e-mail, mobile or ID number — nothing below selects
them (the search entries do not even hold them), and tests/legalservices/test_privacy.py
checks every public page and API answer.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.core.cache import cache
from django.db.models import Prefetch, QuerySet, Value
from django.db.models.functions import Concat
from django.http import Http404

from apps.members.models import (
    District,
    FirmBranch,
    FirmStatus,
    LawFirm,
    Lawyer,
    LawyerStatus,
    PracticeArea,
)
from apps.members.selectors.records import lawyer_public_record_prefetches

from ..models import FirmSearchEntry, LawyerSearchEntry, OverseasOffice
from ..pinyin import FIRM_NAME_NOISE, tsquery

# A query naming more firms than this narrows the lawyer lookup to the first ones only.
MAX_FIRMS_FOR_FILTER = 50


@dataclass(frozen=True)
class LookupFilters:
    q: str = ""
    firm: str = ""
    area: PracticeArea | None = None
    district: District | None = None
    language: str = ""
    status: str = ""


def _match(queryset: QuerySet, text: str) -> QuerySet:
    raw = tsquery(text)
    if not raw:
        return queryset.none()
    return queryset.filter(document=SearchQuery(raw, search_type="raw", config="simple"))


def firm_query_text(text: str) -> str:
    for noise in FIRM_NAME_NOISE:
        text = text.replace(noise, " ")
    return text.strip() or text


def lawyer_lookup(filters: LookupFilters) -> QuerySet[LawyerSearchEntry]:
    """Matching entries in pinyin order, each with its firm (for the list)."""
    entries = LawyerSearchEntry.objects.all()
    if filters.q:
        entries = _match(entries, filters.q)
    if filters.firm:
        firm_ids = list(
            firm_lookup(LookupFilters(q=filters.firm)).values_list("firm_id", flat=True)[
                :MAX_FIRMS_FOR_FILTER
            ]
        )
        entries = entries.filter(firm_id__in=firm_ids)
    if filters.area is not None:
        entries = entries.filter(practice_area_ids__contains=[filters.area.pk])
    if filters.district is not None:
        entries = entries.filter(district_id=filters.district.pk)
    if filters.language:
        entries = entries.filter(languages__contains=[filters.language])
    if filters.status in LawyerStatus.values:
        entries = entries.filter(status=filters.status)
    # The firm is loaded for the page's rows only (a second query by id). Joined here it
    # was joined to every match before the sort: 王 at city scale, 3,158 matches, hashed
    # against all 1,980 firms — 11 ms of the query's 11 against 6 without it.
    return entries.prefetch_related(
        Prefetch("firm", queryset=LawFirm.objects.only("name", "name_en"))
    ).order_by(*_order(filters, "lawyer_id"))


def _order(filters: LookupFilters, pk: str) -> tuple[Any, ...]:
    """Pinyin order. With a name query, sort the (bitmap-found) matches themselves:
    walking the pinyin index and filtering looked cheap to the planner but read 36,000
    rows for 张 (z sorts last): 116 ms against 2 ms."""
    if filters.q or filters.firm:
        return (Concat("pinyin", Value("")), pk)
    return ("pinyin", pk)


def firm_lookup(filters: LookupFilters) -> QuerySet[FirmSearchEntry]:
    entries = FirmSearchEntry.objects.all()
    if filters.q:
        entries = _match(entries, firm_query_text(filters.q))
    if filters.area is not None:
        entries = entries.filter(practice_area_ids__contains=[filters.area.pk])
    if filters.district is not None:
        entries = entries.filter(district_id=filters.district.pk)
    if filters.language:
        entries = entries.filter(languages__contains=[filters.language])
    if filters.status in FirmStatus.values:
        entries = entries.filter(status=filters.status)
    return entries.select_related("district").order_by(*_order(filters, "firm_id"))


REFERENCE_KEYS = {
    "areas": "legalservices:reference:areas:v1",
    "districts": "legalservices:reference:districts:v1",
}
REFERENCE_TTL = 5 * 60
# Each process also keeps what it read for a few seconds: a lookup page names areas and
# districts up to five times (the two filters, the rows), and every Redis read of them
# is a round trip and ~50 model instances unpickled (≈ 0.7 ms a page). A change made in
# another process shows here at most this late; the saving process drops its own copy.
REFERENCE_LOCAL_SECONDS = 10.0
_local_reference: dict[str, tuple[float, list[Any]]] = {}


def _reference(kind: str) -> list[Any]:
    """Practice areas or districts, for the filter forms and to name the ids the search
    entries hold. Every lookup page reads them and they change a few times a year, so
    they come from the cache: saved or deleted → dropped at once (``apps.py``); the TTL
    covers bulk updates that send no signal."""
    now = time.monotonic()
    held = _local_reference.get(kind)
    if held is not None and held[0] > now:
        return held[1]
    rows = cache.get(REFERENCE_KEYS[kind])
    if rows is None:
        model = PracticeArea if kind == "areas" else District
        rows = list(model.objects.order_by("order", "code"))
        cache.set(REFERENCE_KEYS[kind], rows, REFERENCE_TTL)
    _local_reference[kind] = (now + REFERENCE_LOCAL_SECONDS, rows)
    return rows


def reference_areas() -> list[PracticeArea]:
    return _reference("areas")


def reference_districts() -> list[District]:
    return _reference("districts")


def reference_data_invalidate(**_kwargs: Any) -> None:
    _local_reference.clear()
    cache.delete_many(list(REFERENCE_KEYS.values()))


def practice_areas_by_id() -> dict[int, PracticeArea]:
    """The practice areas by id, to name the ids the entries hold."""
    return {area.pk: area for area in reference_areas()}


def lawyer_public_get(*, licence_no: str) -> Lawyer:
    lawyer = (
        Lawyer.objects.select_related("firm", "firm__district")
        .prefetch_related(
            Prefetch("practice_areas", queryset=PracticeArea.objects.order_by("order")),
            *lawyer_public_record_prefetches(),
        )
        # Private fields are never loaded for a public page.
        .defer("email", "mobile", "id_number", "user", "firm__phone", "firm__email")
        .filter(licence_no=licence_no)
        .first()
    )
    if lawyer is None:
        raise Http404
    return lawyer


def firm_public_get(*, pk: int) -> LawFirm:
    """The firm with its district and head office (if it is a branch): one query."""
    firm = (
        LawFirm.objects.select_related("district", "head_office")
        .defer("head_office__phone", "head_office__email")
        .filter(pk=pk)
        .first()
    )
    if firm is None:
        raise Http404
    return firm


def firm_branches_public(*, firm: LawFirm) -> list[LawFirm]:
    """The firm's branches (分所) on the register, by name, with their district: one query.

    Dissolved branches are left out (the register shows firms that exist)."""
    return list(
        LawFirm.objects.filter(head_office=firm)
        .exclude(status=FirmStatus.DISSOLVED)
        .select_related("district")
        .order_by("name")
    )


def firm_branches_elsewhere_public(*, firm: LawFirm) -> list[FirmBranch]:
    """The firm's listed branches in other cities (not on this register): one query."""
    return list(FirmBranch.objects.filter(firm=firm, is_listed=True).order_by("city", "name"))


def firm_lawyers_public(*, firm: LawFirm) -> QuerySet[LawyerSearchEntry]:
    """The firm's lawyers as the lookup knows them, in pinyin order (status shown)."""
    return LawyerSearchEntry.objects.filter(firm_id=firm.pk).order_by("pinyin", "lawyer_id")


def firm_offices_public(*, firm: LawFirm) -> list[OverseasOffice]:
    return list(
        OverseasOffice.objects.filter(firm=firm, is_listed=True).order_by("country", "city")
    )

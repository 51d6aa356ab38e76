"""The public register as a read-only JSON API (/api/v1/…), documented at /api/.

Same data and rules as the HTML lookup (selectors.lookup): nothing private is selected,
pages of at most 50, rate-limited per IP (scope "api"). Errors are JSON with a Chinese
"detail" and a 4xx status.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..forms import LookupForm
from ..models import FirmSearchEntry, LawyerSearchEntry
from ..ratelimit import rate_limited
from ..selectors.lookup import (
    LookupFilters,
    firm_branches_elsewhere_public,
    firm_branches_public,
    firm_lookup,
    firm_offices_public,
    firm_public_get,
    lawyer_lookup,
    lawyer_public_get,
    practice_areas_by_id,
)

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 50


def _error(message: str, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse(
        {"detail": message, **extra}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _json(data: dict[str, Any]) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _lawyer_entry(entry: LawyerSearchEntry, areas: dict) -> dict[str, Any]:
    return {
        "licence_no": entry.licence_no,
        "name": entry.name,
        "status": entry.status,
        "firm": {"id": entry.firm_id, "name": entry.firm.name} if entry.firm_id else None,
        "practice_areas": [areas[i].code for i in entry.practice_area_ids if i in areas],
        "languages": entry.languages,
        "url": reverse("legalservices:lawyer_detail", args=[entry.licence_no]),
    }


def _firm_entry(entry: FirmSearchEntry) -> dict[str, Any]:
    return {
        "id": entry.firm_id,
        "name": entry.name,
        "licence_no": entry.licence_no,
        "district": entry.district.name if entry.district_id else None,
        "status": entry.status,
        "practising_lawyers": entry.practising_lawyers,
        "url": reverse("legalservices:firm_detail", args=[entry.firm_id]),
    }


def _firm_ref(firm: Any) -> dict[str, Any]:
    return {
        "id": firm.pk,
        "name": firm.name,
        "url": reverse("legalservices:firm_detail", args=[firm.pk]),
    }


def _paged(request: HttpRequest, queryset: Any) -> tuple[Any, dict[str, Any]] | JsonResponse:
    try:
        size = int(request.GET.get("page_size", DEFAULT_PAGE_SIZE))
    except ValueError:
        return _error(_("page_size 必须是整数。"), 400)
    if not 1 <= size <= MAX_PAGE_SIZE:
        return _error(_("page_size 应在 1 到 50 之间。"), 400)
    paginator = Paginator(queryset, size)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return _error(_("page 必须是正整数。"), 400)
    except EmptyPage:
        return _error(_("没有这一页。"), 404)
    meta = {
        "count": paginator.count,
        "page": page.number,
        "num_pages": paginator.num_pages,
        "page_size": size,
    }
    return page, meta


def _filters(request: HttpRequest, *, for_firms: bool) -> LookupFilters | JsonResponse:
    params = {k: v for k, v in request.GET.items() if k not in {"page", "page_size"}}
    form = LookupForm(params, for_firms=for_firms)
    if not form.is_valid():
        return _error(_("查询参数有误。"), 400, errors=form.errors.get_json_data())
    data = form.cleaned_data
    return LookupFilters(
        q=data.get("q", ""),
        firm=data.get("firm", ""),
        area=data.get("area"),
        district=data.get("district"),
        language=data.get("language", ""),
        status=data.get("status", ""),
    )


@require_GET
@rate_limited("api", json=True)
def lawyers(request: HttpRequest) -> HttpResponse:
    filters = _filters(request, for_firms=False)
    if isinstance(filters, JsonResponse):
        return filters
    paged = _paged(request, lawyer_lookup(filters))
    if isinstance(paged, JsonResponse):
        return paged
    page, meta = paged
    areas = practice_areas_by_id()
    return _json({**meta, "results": [_lawyer_entry(entry, areas) for entry in page]})


@require_GET
@rate_limited("api", json=True)
def lawyer(request: HttpRequest, licence_no: str) -> HttpResponse:
    try:
        obj = lawyer_public_get(licence_no=licence_no)
    except Http404:
        return _error(_("未找到该执业证号的律师。"), 404)
    return _json(
        {
            "licence_no": obj.licence_no,
            "name": obj.name,
            "status": obj.status,
            "category": obj.category,
            "firm": {"id": obj.firm.pk, "name": obj.firm.name} if obj.firm_id else None,
            "first_licensed_year": obj.first_licensed.year,
            "practice_areas": [area.code for area in obj.practice_areas.all()],
            "languages": obj.languages,
            "annual_reviews": [
                {"year": review.year, "result": review.result}
                for review in obj.public_reviews  # type: ignore[attr-defined]
            ],
            "honours": [
                {
                    "year": honour.year,
                    "title": honour.title,
                    "title_en": honour.title_en,
                    "awarded_by": honour.awarded_by,
                }
                for honour in obj.public_honours  # type: ignore[attr-defined]
            ],
            "url": reverse("legalservices:lawyer_detail", args=[obj.licence_no]),
        }
    )


@require_GET
@rate_limited("api", json=True)
def firms(request: HttpRequest) -> HttpResponse:
    filters = _filters(request, for_firms=True)
    if isinstance(filters, JsonResponse):
        return filters
    paged = _paged(request, firm_lookup(filters))
    if isinstance(paged, JsonResponse):
        return paged
    page, meta = paged
    return _json({**meta, "results": [_firm_entry(entry) for entry in page]})


@require_GET
@rate_limited("api", json=True)
def firm(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        obj = firm_public_get(pk=pk)
    except Http404:
        return _error(_("未找到该律所。"), 404)
    return _json(
        {
            "id": obj.pk,
            "name": obj.name,
            "name_en": obj.name_en,
            "licence_no": obj.licence_no,
            "uscc": obj.uscc,
            "district": obj.district.name,
            "status": obj.status,
            "firm_type": obj.firm_type,
            "founded": obj.founded.isoformat(),
            "address": obj.address,
            "website": obj.website,
            "head_office": _firm_ref(obj.head_office)
            if obj.head_office_id
            else ({"name": obj.head_office_elsewhere} if obj.head_office_elsewhere else None),
            "branches": [_firm_ref(branch) for branch in firm_branches_public(firm=obj)],
            "branches_elsewhere": [
                {"name": b.name, "name_en": b.name_en, "city": b.city, "address": b.address}
                for b in firm_branches_elsewhere_public(firm=obj)
            ],
            "overseas_offices": [
                {"id": o.pk, "name": o.name, "country": o.country, "city": o.city}
                for o in firm_offices_public(firm=obj)
            ],
            "url": reverse("legalservices:firm_detail", args=[obj.pk]),
        }
    )


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    return render(request, "legalservices/api_docs.html", {"max_page_size": MAX_PAGE_SIZE})

"""The public register: /lawyers/ and /firms/ with their detail pages."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.core.pagination import CountAlongPaginator
from apps.core.panels import panels_render

from ..forms import LookupForm
from ..ratelimit import rate_limited
from ..selectors.lookup import (
    LookupFilters,
    firm_branches_elsewhere_public,
    firm_branches_public,
    firm_lawyers_public,
    firm_lookup,
    firm_offices_public,
    firm_public_get,
    lawyer_lookup,
    lawyer_public_get,
    practice_areas_by_id,
)

PAGE_SIZE = 20
# What templates/legalservices/{lawyer,firm}_list.html show of each entry.
LAWYER_LIST_FIELDS = (
    "licence_no",
    "name",
    "status",
    "practice_area_ids",
    "firm",  # prefetched by lawyer_lookup for the page's rows
)
FIRM_LIST_FIELDS = (
    "licence_no",
    "name",
    "status",
    "practising_lawyers",
    "district",
    "district__name",
    "district__name_en",
)


def _filters(form: LookupForm) -> LookupFilters:
    data = form.cleaned_data
    return LookupFilters(
        q=data.get("q", ""),
        firm=data.get("firm", ""),
        area=data.get("area"),
        district=data.get("district"),
        language=data.get("language", ""),
        status=data.get("status", ""),
    )


def _lookup_page(request: HttpRequest, *, for_firms: bool) -> HttpResponse:
    form = LookupForm(request.GET or None, for_firms=for_firms)
    page_obj = None
    searched = bool(request.GET)
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        filters = _filters(form) if form.is_bound else LookupFilters()
        entries = (
            firm_lookup(filters).only(*FIRM_LIST_FIELDS)
            if for_firms
            else lawyer_lookup(filters).only(*LAWYER_LIST_FIELDS)
        )
        # A name query sorts all its matches anyway (selectors.lookup._order): the page
        # can carry their count, and the rows are narrowed to what the list shows, so
        # the sort carries no search vector (王 at city scale, 3,329 matches: count and
        # page 11 ms → 6.4 ms). Without a name the page is read from a pinyin index with
        # a LIMIT, and counting in the same query would read every row: count apart.
        paginator = CountAlongPaginator if filters.q or filters.firm else Paginator
        page_obj = paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    title = _("律所查询") if for_firms else _("律师查询")
    return render(
        request,
        "legalservices/firm_list.html" if for_firms else "legalservices/lawyer_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "searched": searched,
            "areas": practice_areas_by_id(),
            "breadcrumbs": [(_("公共法律服务"), reverse("legalservices:help")), (title, "")],
        },
        status=status,
    )


@require_GET
@rate_limited("lookup")
def lawyer_list(request: HttpRequest) -> HttpResponse:
    return _lookup_page(request, for_firms=False)


@require_GET
@rate_limited("lookup")
def firm_list(request: HttpRequest) -> HttpResponse:
    return _lookup_page(request, for_firms=True)


@require_GET
@rate_limited("lookup")
def lawyer_detail(request: HttpRequest, licence_no: str) -> HttpResponse:
    lawyer = lawyer_public_get(licence_no=licence_no)
    return render(
        request,
        "legalservices/lawyer_detail.html",
        {
            "lawyer": lawyer,
            "panels": panels_render("lawyer.public", request, lawyer),
            "breadcrumbs": [
                (_("律师查询"), reverse("legalservices:lawyer_list")),
                (lawyer.name, ""),
            ],
        },
    )


@require_GET
@rate_limited("lookup")
def firm_detail(request: HttpRequest, pk: int) -> HttpResponse:
    firm = firm_public_get(pk=pk)
    lawyers = Paginator(firm_lawyers_public(firm=firm), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "legalservices/firm_detail.html",
        {
            "firm": firm,
            "page_obj": lawyers,
            "offices": firm_offices_public(firm=firm),
            "branches": firm_branches_public(firm=firm),
            "branches_elsewhere": firm_branches_elsewhere_public(firm=firm),
            "panels": panels_render("firm.public", request, firm),
            "breadcrumbs": [
                (_("律所查询"), reverse("legalservices:firm_list")),
                (firm.name, ""),
            ],
        },
    )

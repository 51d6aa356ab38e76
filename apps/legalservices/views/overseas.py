"""/overseas/: the directory (a list that works without JavaScript) and its map."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..forms import OverseasFilterForm
from ..ratelimit import rate_limited
from ..selectors.overseas import OfficeFilters, office_map_json, office_public_get
from ..selectors.overseas import office_list as offices_matching

PAGE_SIZE = 30


def _filters(form: OverseasFilterForm) -> OfficeFilters:
    data = form.cleaned_data
    return OfficeFilters(
        continent=data.get("continent", ""),
        country=data.get("country", ""),
        city=data.get("city", ""),
        area=data.get("area"),
        language=data.get("language", ""),
    )


@require_GET
@rate_limited("lookup")
def office_list_view(request: HttpRequest) -> HttpResponse:
    form = OverseasFilterForm(request.GET or None)
    status = 200
    page_obj = None
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        filters = _filters(form) if form.is_bound else OfficeFilters()
        page_obj = Paginator(offices_matching(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    map_query = request.GET.copy()
    map_query.pop("page", None)
    return render(
        request,
        "legalservices/overseas_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "map_data_url": reverse("legalservices:overseas_map_data")
            + ("?" + map_query.urlencode() if map_query else ""),
            "breadcrumbs": [
                (_("公共法律服务"), reverse("legalservices:help")),
                (_("海外服务网点"), ""),
            ],
        },
        status=status,
    )


@require_GET
@rate_limited("api", json=True)
def map_data(request: HttpRequest) -> HttpResponse:
    form = OverseasFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return JsonResponse(
            {"detail": _("筛选条件有误。"), "errors": form.errors.get_json_data()}, status=400
        )
    filters = _filters(form) if form.is_bound else OfficeFilters()
    body = office_map_json(
        filters,
        office_url=lambda pk: reverse("legalservices:overseas_detail", args=[pk]),
        list_url=lambda: reverse("legalservices:overseas"),
    )
    response = HttpResponse(body, content_type="application/json")
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
@rate_limited("lookup")
def office_detail(request: HttpRequest, pk: int) -> HttpResponse:
    office = office_public_get(pk=pk)
    return render(
        request,
        "legalservices/overseas_detail.html",
        {
            "office": office,
            "breadcrumbs": [
                (_("海外服务网点"), reverse("legalservices:overseas")),
                (office.name, ""),
            ],
        },
    )

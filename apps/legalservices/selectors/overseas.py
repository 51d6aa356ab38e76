"""The overseas offices directory (/overseas/) and its map data."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from apps.members.models import PracticeArea

from ..countries import country_name
from ..models import OverseasOffice


@dataclass(frozen=True)
class OfficeFilters:
    continent: str = ""
    country: str = ""
    city: str = ""
    area: PracticeArea | None = None
    language: str = ""


def office_list(filters: OfficeFilters) -> QuerySet[OverseasOffice]:
    offices = OverseasOffice.objects.public()
    if filters.continent:
        offices = offices.filter(continent=filters.continent)
    if filters.country:
        offices = offices.filter(country=filters.country)
    if filters.city:
        offices = offices.filter(city__iexact=filters.city) | offices.filter(
            city_en__iexact=filters.city
        )
    if filters.area is not None:
        offices = offices.filter(practice_areas=filters.area)
    if filters.language:
        offices = offices.filter(languages__contains=[filters.language])
    return (
        offices.select_related("firm")
        .prefetch_related(
            Prefetch("practice_areas", queryset=PracticeArea.objects.order_by("order"))
        )
        .order_by("continent", "country", "city", "name", "pk")
        .distinct()
    )


def office_public_get(*, pk: int) -> OverseasOffice:
    office = (
        OverseasOffice.objects.public()
        .select_related("firm")
        .prefetch_related("practice_areas")
        .filter(pk=pk)
        .first()
    )
    if office is None:
        raise Http404
    return office


def office_map_points(filters: OfficeFilters, *, office_url: Any, list_url: str) -> dict:
    """Offices clustered by city: one point per (country, city) with its offices.

    One query whatever the number of offices (values(), no per-row lookups): the map
    endpoint at city scale stays as cheap as with three offices.
    """
    rows = (
        office_list(filters)
        .order_by()
        .values(
            "pk",
            "name",
            "country",
            "city",
            "city_en",
            "latitude",
            "longitude",
            "firm__name",
        )
        .order_by("country", "city", "name", "pk")
    )
    clusters: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()
    for row in rows:
        key = (row["country"], row["city"])
        cluster = clusters.get(key)
        if cluster is None:
            cluster = clusters[key] = {
                "country": row["country"],
                "country_name": country_name(row["country"]),
                "city": row["city"],
                "city_en": row["city_en"],
                "lat": float(row["latitude"]),
                "lon": float(row["longitude"]),
                "count": 0,
                "url": f"{list_url}?country={row['country']}&city={row['city']}#offices",
                "offices": [],
            }
        cluster["count"] += 1
        if len(cluster["offices"]) < 20:
            cluster["offices"].append(
                {"name": row["name"], "firm": row["firm__name"], "url": office_url(row["pk"])}
            )
    points = list(clusters.values())
    return {"points": points, "total": sum(p["count"] for p in points)}

"""The overseas offices directory (/overseas/) and its map data."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Count, F, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import translation

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
        # A semi-join, not a join through the M2M: a join would repeat an office per
        # matching row and need DISTINCT, which sorts every listed office on all its
        # columns before the LIMIT (the directory's cost grew with the directory).
        offices = offices.filter(
            pk__in=OverseasOffice.practice_areas.through.objects.filter(
                practicearea=filters.area
            ).values("overseasoffice_id")
        )
    if filters.language:
        offices = offices.filter(languages__contains=[filters.language])
    return (
        offices.select_related("firm")
        .prefetch_related(
            Prefetch("practice_areas", queryset=PracticeArea.objects.order_by("order"))
        )
        .order_by("continent", "country", "city", "name", "pk")
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


# Offices named in a city's popup on the map (static/js/overseas-map.js shows this many);
# the cluster's link opens the directory filtered to the city for the rest.
MAP_OFFICES_PER_CITY = 5
_PK_PLACEHOLDER = 987654321


def office_map_points(filters: OfficeFilters, *, office_url: Any, list_url: str) -> dict:
    """Offices clustered by city: one point per (country, city) with its number of
    offices and the first ``MAP_OFFICES_PER_CITY`` of them by name.

    One query, and the clustering is done by the database: each office row carries its
    city's count and its rank in the city (window functions), and only the ranked-first
    rows leave PostgreSQL. So the answer's size and the Python work grow with the number
    of cities, not of offices (1,000 offices in 24 cities: 120 rows, not 1,000).
    ``office_url(pk)`` is called once; the other links are formatted from it.
    """
    city = ("country", "city")
    rows = (
        office_list(filters)
        .order_by()
        .annotate(
            city_count=Window(Count("pk"), partition_by=[F(f) for f in city]),
            city_rank=Window(
                RowNumber(), partition_by=[F(f) for f in city], order_by=[F("name"), F("pk")]
            ),
        )
        .filter(city_rank__lte=MAP_OFFICES_PER_CITY)
        .values(
            "pk",
            "name",
            "country",
            "city",
            "city_en",
            "latitude",
            "longitude",
            "firm__name",
            "city_count",
        )
        .order_by("country", "city", "name", "pk")
    )
    # Every office link differs only in its pk: reverse once, format the rest.
    before, _, after = office_url(_PK_PLACEHOLDER).rpartition(str(_PK_PLACEHOLDER))
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
                "count": row["city_count"],
                "url": f"{list_url}?{urlencode({'country': key[0], 'city': key[1]})}#offices",
                "offices": [],
            }
        cluster["offices"].append(
            {"name": row["name"], "firm": row["firm__name"], "url": f"{before}{row['pk']}{after}"}
        )
    points = list(clusters.values())
    return {"points": points, "total": sum(p["count"] for p in points)}


# -- the map's answer, kept whole ------------------------------------------------------
#
# Every visit of /overseas/ loads the map data, and its answer changes only when an office,
# its firm or its practice areas do — a few times a month. Building it is one window
# query and a JSON encoding whose size grows with the number of cities (4.7 ms at city
# scale against 2.9 ms at a thirtieth, bench/README.md "Growth"); a cached answer is two
# cache reads at any scale. The key holds a data version that every save or delete of
# those rows replaces (apps.py), the language (country names and links are translated)
# and the filters. A free-text city is not cached (any string would be a key of its own;
# its answer is one city anyway). Bulk updates that send no signal are covered by the TTL.
MAP_VERSION_KEY = "legalservices:overseas-map:version"
MAP_TTL = 5 * 60


def _map_version() -> str | None:
    version = cache.get(MAP_VERSION_KEY)
    if version is None:
        cache.add(MAP_VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(MAP_VERSION_KEY)
    return version  # None only when the cache is unreachable: then nothing is kept


def _new_map_version() -> None:
    cache.set(MAP_VERSION_KEY, uuid.uuid4().hex, None)


def office_map_invalidate(**_kwargs: Any) -> None:
    """Signal receiver: an office, a firm or an office's practice areas changed. The
    version is replaced at once (reads later in this transaction see the change) and
    again after commit (a request that cached the old rows in between would otherwise
    keep serving them until the TTL)."""
    _new_map_version()
    transaction.on_commit(_new_map_version, robust=True)


def office_map_json(
    filters: OfficeFilters, *, office_url: Callable[[int], str], list_url: Callable[[], str]
) -> bytes:
    """:func:`office_map_points` as the JSON body of the map data, from the cache when
    nothing has changed since it was built for this language and these filters."""
    key = None
    if not filters.city:
        version = _map_version()
        if version is not None:
            area = filters.area.pk if filters.area is not None else ""
            parts = f"{filters.continent}|{filters.country}|{area}|{filters.language}"
            digest = hashlib.blake2b(parts.encode(), digest_size=12).hexdigest()
            key = f"legalservices:overseas-map:{version}:{translation.get_language()}:{digest}"
            body = cache.get(key)
            if body is not None:
                return body
    data = office_map_points(filters, office_url=office_url, list_url=list_url())
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    if key is not None:
        cache.set(key, body, MAP_TTL)
    return body

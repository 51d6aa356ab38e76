"""The overseas map's answer is kept whole in the cache (selectors/overseas.py): a repeat
visit costs no query, and any change of an office, its firm or its practice areas shows
on the next request."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from apps.legalservices.selectors.overseas import OfficeFilters, office_map_points
from apps.members.models import PracticeArea
from tests.legalservices.factories import OverseasOfficeFactory

pytestmark = pytest.mark.django_db

MAP = reverse("legalservices:overseas_map_data")


def _names(client, params=None, **headers):
    data = client.get(MAP, params or {}, **headers).json()
    return sorted(o["name"] for p in data["points"] for o in p["offices"])


def test_a_repeat_request_is_answered_from_the_cache_without_a_query(
    client, django_assert_num_queries
):
    OverseasOfficeFactory(name="新加坡代表处")
    first = client.get(MAP)
    with django_assert_num_queries(0):
        again = client.get(MAP)
    assert again.content == first.content
    assert again["Content-Type"] == "application/json"
    assert again["Cache-Control"] == "public, max-age=300"


def test_the_cached_body_is_the_json_of_the_clusters(client):
    OverseasOfficeFactory(name="伦敦代表处", country="GB", city="伦敦", city_en="London")
    client.get(MAP)
    cached = client.get(MAP).json()
    built = office_map_points(
        OfficeFilters(),
        office_url=lambda pk: reverse("legalservices:overseas_detail", args=[pk]),
        list_url=reverse("legalservices:overseas"),
    )
    assert cached == json.loads(json.dumps(built))


def test_a_new_office_shows_on_the_next_request(client):
    OverseasOfficeFactory(name="东京代表处", country="JP", city="东京")
    assert _names(client) == ["东京代表处"]
    OverseasOfficeFactory(name="大阪代表处", country="JP", city="大阪")
    assert _names(client) == ["东京代表处", "大阪代表处"]


def test_an_office_unlisted_or_deleted_leaves_the_map(client):
    kept = OverseasOfficeFactory(name="留下的网点", country="JP", city="东京")
    gone = OverseasOfficeFactory(name="撤下的网点", country="JP", city="东京")
    assert _names(client) == ["撤下的网点", "留下的网点"]
    gone.is_listed = False
    gone.save()
    assert _names(client) == ["留下的网点"]
    kept.delete()
    assert _names(client) == []


def test_a_firm_renamed_or_closed_changes_the_map(client):
    office = OverseasOfficeFactory(name="纽约代表处", country="US", city="纽约")
    client.get(MAP)
    firm = office.firm
    firm.name = "改名后的律师事务所"
    firm.save()
    (point,) = client.get(MAP).json()["points"]
    assert point["offices"][0]["firm"] == "改名后的律师事务所"
    firm.status = "dissolved"
    firm.save()
    assert client.get(MAP).json()["points"] == []


def test_practice_areas_added_to_an_office_show_in_the_area_filtered_map(client):
    area = PracticeArea.objects.order_by("order").first()
    office = OverseasOfficeFactory(name="巴黎代表处", country="FR", city="巴黎")
    assert _names(client, {"area": area.pk}) == []
    office.practice_areas.add(area)
    assert _names(client, {"area": area.pk}) == ["巴黎代表处"]
    office.practice_areas.remove(area)
    assert _names(client, {"area": area.pk}) == []


def test_each_filter_and_language_has_its_own_answer(client):
    OverseasOfficeFactory(name="新加坡代表处", country="SG", city="新加坡")
    OverseasOfficeFactory(name="伦敦代表处", country="GB", city="伦敦", city_en="London")
    assert _names(client) == ["伦敦代表处", "新加坡代表处"]
    assert _names(client, {"continent": "europe"}) == ["伦敦代表处"]
    assert _names(client, {"country": "SG"}) == ["新加坡代表处"]
    zh = client.get(MAP, {"country": "GB"}).json()["points"][0]
    en = client.get("/en" + MAP, {"country": "GB"}).json()["points"][0]
    assert zh["country_name"] != en["country_name"]
    assert en["offices"][0]["url"].startswith("/en/overseas/")
    assert zh["offices"][0]["url"].startswith("/overseas/")


def test_a_free_text_city_is_never_kept(client, django_assert_num_queries):
    """Any string is a city filter: keeping each would let a crawler fill the cache."""
    from django.core.cache import cache

    OverseasOfficeFactory(name="伦敦代表处", country="GB", city="伦敦", city_en="London")
    assert _names(client, {"city": "London"}) == ["伦敦代表处"]
    keys_before = set(cache._cache)  # the tests' locmem cache
    with django_assert_num_queries(1):  # built again: one query for the clusters
        assert _names(client, {"city": "London"}) == ["伦敦代表处"]
    assert set(cache._cache) == keys_before


def test_without_a_reachable_cache_the_map_is_built_every_time(client, monkeypatch):
    from django.core.cache import cache

    OverseasOfficeFactory(name="新加坡代表处")
    monkeypatch.setattr(cache, "get", lambda *a, **k: None)
    monkeypatch.setattr(cache, "add", lambda *a, **k: False)
    stored = []
    monkeypatch.setattr(cache, "set", lambda *a, **k: stored.append(a))
    assert _names(client) == ["新加坡代表处"]
    assert _names(client) == ["新加坡代表处"]
    assert not [key for key, *_ in stored if key.startswith("legalservices:overseas-map:")]

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.legalservices.factories import OverseasOfficeFactory
from tests.members.factories import LawFirmFactory

pytestmark = pytest.mark.django_db


def _cities():
    OverseasOfficeFactory(name="金杜新加坡", country="SG", city="新加坡", city_en="Singapore")
    OverseasOfficeFactory(
        name="申衡伦敦",
        country="GB",
        city="伦敦",
        city_en="London",
        languages=["en", "fr"],
        latitude=Decimal("51.50735"),
        longitude=Decimal("-0.12776"),
    )
    OverseasOfficeFactory(
        name="浦瀚纽约",
        country="US",
        city="纽约",
        city_en="New York",
        latitude=Decimal("40.71280"),
        longitude=Decimal("-74.00600"),
    )


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"continent": "europe"}, ["申衡伦敦"]),
        ({"country": "SG"}, ["金杜新加坡"]),
        ({"city": "new york"}, ["浦瀚纽约"]),
        ({"language": "fr"}, ["申衡伦敦"]),
    ],
)
def test_directory_filters(client, params, names):
    _cities()
    response = client.get(reverse("legalservices:overseas"), params)
    assert [o.name for o in response.context["page_obj"]] == names


def test_directory_list_works_without_javascript(client):
    _cities()
    html = client.get(reverse("legalservices:overseas")).content.decode()
    assert "金杜新加坡" in html
    assert "浦瀚纽约" in html
    assert 'id="overseas-map"' in html


def test_map_clusters_offices_by_city_and_links_entries(client):
    _cities()
    OverseasOfficeFactory(name="第二家新加坡", country="SG", city="新加坡")
    data = client.get(reverse("legalservices:overseas_map_data")).json()
    singapore = next(p for p in data["points"] if p["city"] == "新加坡")
    assert singapore["count"] == 2
    assert data["total"] == 4
    assert all(o["url"].startswith("/overseas/") for o in singapore["offices"])
    assert "country=SG" in singapore["url"]


def test_map_data_query_count_is_constant_at_city_scale(client, django_assert_max_num_queries):
    firms = [LawFirmFactory() for _ in range(5)]
    rows = [
        OverseasOfficeFactory.build(firm=firms[i % 5], name=f"网点{i}", city=f"城市{i % 40}")
        for i in range(400)
    ]
    from apps.legalservices.models import OverseasOffice

    for row in rows:
        row.continent = "asia"
    OverseasOffice.objects.bulk_create(rows)
    with django_assert_max_num_queries(2):
        data = client.get(reverse("legalservices:overseas_map_data")).json()
    assert data["total"] == 400
    assert len(data["points"]) == 40


def test_directory_list_query_budget(client, django_assert_max_num_queries):
    _cities()
    with django_assert_max_num_queries(12):
        client.get(reverse("legalservices:overseas"))
    for i in range(20):
        OverseasOfficeFactory(name=f"网点{i}")
    with django_assert_max_num_queries(12):
        client.get(reverse("legalservices:overseas"))


def test_bad_filters_are_400(client):
    assert client.get(reverse("legalservices:overseas"), {"country": "ZZ"}).status_code == 400
    assert (
        client.get(reverse("legalservices:overseas_map_data"), {"continent": "mars"}).status_code
        == 400
    )


def test_unlisted_office_is_404(client):
    office = OverseasOfficeFactory(is_listed=False)
    assert client.get(reverse("legalservices:overseas_detail", args=[office.pk])).status_code == 404


def test_firm_page_lists_its_offices(client):
    office = OverseasOfficeFactory(name="申衡新加坡代表处")
    html = client.get(reverse("legalservices:firm_detail", args=[office.firm_id])).content.decode()
    assert "申衡新加坡代表处" in html

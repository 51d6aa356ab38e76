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


def test_practice_area_filter_lists_an_office_once_and_needs_no_distinct(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.members.models import PracticeArea

    _cities()
    trade, arbitration = PracticeArea.objects.order_by("order")[:2]
    both = OverseasOfficeFactory(name="两个领域的网点", country="DE", city="柏林")
    both.practice_areas.add(trade, arbitration)
    OverseasOfficeFactory(name="只做仲裁", country="FR", city="巴黎").practice_areas.add(
        arbitration
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("legalservices:overseas"), {"area": trade.pk})
    assert [o.name for o in response.context["page_obj"]] == ["两个领域的网点"]
    response = client.get(reverse("legalservices:overseas"), {"area": arbitration.pk})
    assert sorted(o.name for o in response.context["page_obj"]) == ["两个领域的网点", "只做仲裁"]
    # A join through the M2M would need DISTINCT, which sorts every listed office
    # before the page's LIMIT: the directory's cost would grow with the directory.
    assert not any("DISTINCT" in q["sql"] for q in queries.captured_queries)


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


def test_map_popup_names_the_first_offices_of_a_city_and_counts_them_all(client):
    from apps.legalservices.selectors.overseas import MAP_OFFICES_PER_CITY

    for i in range(MAP_OFFICES_PER_CITY + 2):
        OverseasOfficeFactory(name=f"东京网点{i}", country="JP", city="东京", city_en="Tokyo")
    data = client.get(reverse("legalservices:overseas_map_data")).json()
    (tokyo,) = data["points"]
    assert tokyo["count"] == MAP_OFFICES_PER_CITY + 2
    assert data["total"] == MAP_OFFICES_PER_CITY + 2
    # The popup lists the first few by name; the cluster links to the whole city.
    assert [o["name"] for o in tokyo["offices"]] == [
        f"东京网点{i}" for i in range(MAP_OFFICES_PER_CITY)
    ]
    assert tokyo["url"] == "/overseas/?country=JP&city=%E4%B8%9C%E4%BA%AC#offices"
    assert client.get(tokyo["url"].split("#")[0]).context["page_obj"].paginator.count == 7
    first = tokyo["offices"][0]
    assert client.get(first["url"]).context["office"].name == "东京网点0"


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
    assert {p["count"] for p in data["points"]} == {10}


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

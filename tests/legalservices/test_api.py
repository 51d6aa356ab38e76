from __future__ import annotations

import pytest

from tests.members.factories import LawyerFactory

pytestmark = pytest.mark.django_db


def test_lawyers_api_is_paged_and_searchable(client, firm):
    for i in range(7):
        LawyerFactory(firm=firm, name=f"王{'一二三四五六七'[i]}")
    response = client.get("/api/v1/lawyers/", {"q": "wang", "page_size": 5})
    data = response.json()
    assert response.status_code == 200
    assert (data["count"], data["num_pages"], len(data["results"])) == (7, 2, 5)
    assert (
        len(
            client.get("/api/v1/lawyers/", {"q": "wang", "page_size": 5, "page": 2}).json()[
                "results"
            ]
        )
        == 2
    )


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"page_size": "0"}, 400),
        ({"page_size": "51"}, 400),
        ({"page_size": "x"}, 400),
        ({"page": "x"}, 400),
        ({"page": "99"}, 404),
        ({"status": "dead"}, 400),
        ({"q": "%%%"}, 400),
    ],
)
def test_bad_api_input_is_json_4xx_with_a_message(client, params, status):
    response = client.get("/api/v1/lawyers/", params)
    assert response.status_code == status
    assert response.json()["detail"]


def test_api_unknown_objects_are_json_404(client):
    assert client.get("/api/v1/lawyers/13101201510999999/").status_code == 404
    assert client.get("/api/v1/firms/999999/").json()["detail"]


def test_api_is_rate_limited(client, settings):
    settings.LEGALSERVICES_RATE_LIMITS = {"api": (2, 60)}
    assert client.get("/api/v1/firms/").status_code == 200
    assert client.get("/api/v1/firms/").status_code == 200
    response = client.get("/api/v1/firms/")
    assert response.status_code == 429
    assert response.json()["detail"] == "查询过于频繁，请稍后再试。"


def test_api_docs_page_lists_the_endpoints(client):
    html = client.get("/api/").content.decode()
    assert "/api/v1/lawyers/" in html
    assert "/api/v1/firms/" in html


def test_api_query_budget_does_not_grow(client, firm, django_assert_max_num_queries):
    for i in range(30):
        LawyerFactory(firm=firm, name=f"李{i}")
    # the count, the page, the page's firms (prefetched), the practice areas
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/lawyers/", {"page_size": 50})
    assert len(response.json()["results"]) == 30

"""Nothing private reaches a public page or API answer: a lawyer's e-mail, mobile and ID
number never appear, whoever asks."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from tests.legalservices.factories import OverseasOfficeFactory
from tests.members.factories import LawyerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lawyer_with_pii(firm):
    return LawyerFactory(
        firm=firm, name="张伟", email="zhangwei.private@example.cn", mobile="13912345678"
    )


def _pages(lawyer):
    return [
        reverse("legalservices:lawyer_list") + "?q=zhangwei",
        reverse("legalservices:lawyer_detail", args=[lawyer.licence_no]),
        reverse("legalservices:firm_list") + "?q=申衡",
        reverse("legalservices:firm_detail", args=[lawyer.firm_id]),
        "/api/v1/lawyers/?q=zhangwei",
        f"/api/v1/lawyers/{lawyer.licence_no}/",
        "/api/v1/firms/",
        f"/api/v1/firms/{lawyer.firm_id}/",
        "/search/?q=zhangwei&type=lawyers",
        reverse("legalservices:overseas"),
        reverse("legalservices:overseas_map_data"),
    ]


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_no_personal_data_in_public_html_or_json(client, lawyer_with_pii, outsider, who):
    OverseasOfficeFactory(firm=lawyer_with_pii.firm)
    if who == "outsider":
        client.force_login(outsider.user)
    secrets = [lawyer_with_pii.email, lawyer_with_pii.mobile, lawyer_with_pii.id_number]
    for url in _pages(lawyer_with_pii):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for secret in secrets:
            assert secret not in body, (url, secret)


def test_api_lawyer_fields_are_the_public_ones(client, lawyer_with_pii):
    data = json.loads(client.get(f"/api/v1/lawyers/{lawyer_with_pii.licence_no}/").content)
    assert set(data) == {
        "licence_no",
        "name",
        "status",
        "category",
        "firm",
        "first_licensed_year",
        "practice_areas",
        "languages",
        "annual_reviews",
        "honours",
        "url",
    }

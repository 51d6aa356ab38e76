"""Query budgets at two data sizes for list pages whose own tests measure one size only:
the count must not grow with rows (issue 13, "Growth")."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.members.factories import (
    DuesInvoiceFactory,
    FirmAdministratorFactory,
    LawFirmFactory,
    LawyerFactory,
)
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db

SIZES = [2, 25]


def _firms(count: int) -> None:
    for i in range(count):
        firm = LawFirmFactory(name=f"上海增长预算{i}律师事务所")
        LawyerFactory(firm=firm, name=f"李增{i}")


@pytest.mark.parametrize("rows", SIZES)
def test_firm_list_query_count_does_not_grow_with_firms(
    client, django_assert_max_num_queries, rows
):
    _firms(rows)
    client.get(reverse("legalservices:firm_list"))  # warm caches
    with django_assert_max_num_queries(12):
        response = client.get(reverse("legalservices:firm_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", SIZES)
def test_lawyer_list_without_query_does_not_grow_with_lawyers(
    client, firm, django_assert_max_num_queries, rows
):
    for i in range(rows):
        LawyerFactory(firm=firm, name=f"王增{i}")
    client.get(reverse("legalservices:lawyer_list"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("legalservices:lawyer_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", SIZES)
def test_portal_home_query_count_does_not_grow_with_the_members_records(
    client, lawyer, firm, django_assert_max_num_queries, rows
):
    FirmAdministratorFactory(firm=firm, lawyer=lawyer)
    for i in range(rows):
        NotificationFactory(recipient=lawyer.user)
        LawyerFactory(firm=firm, name=f"赵增{i}")
    for i in range(min(rows, 8)):
        DuesInvoiceFactory(lawyer=lawyer, year=2015 + i)
    client.force_login(lawyer.user)
    client.get("/portal/")  # warm session and caches
    with django_assert_max_num_queries(10):  # issue 13; tests/members/test_portal_home_budget.py
        response = client.get("/portal/")
    assert response.status_code == 200

"""Lawyers, firms and overseas offices in the site search: each provider answers a page
and the number of all its matches with one query, past the end included."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from apps.legalservices.search_provider import (
    FirmSearchProvider,
    LawyerSearchProvider,
    OverseasSearchProvider,
)
from tests.legalservices.factories import OverseasOfficeFactory
from tests.members.factories import LawFirmFactory, LawyerFactory

pytestmark = pytest.mark.django_db


def _search(provider, query: str, *, offset: int = 0, limit: int = 3):
    return provider.search(query, user=AnonymousUser(), filters={}, limit=limit, offset=offset)


@pytest.fixture
def offices():
    firm = LawFirmFactory(name="上海申衡律师事务所")
    return [
        OverseasOfficeFactory(firm=firm, country="SG", city="新加坡", name=f"新加坡代表处{i}")
        for i in range(5)
    ] + [OverseasOfficeFactory(country="FR", city="巴黎", name="巴黎办公室")]


def test_offices_matching_a_firm_name_come_a_page_at_a_time_with_their_total(
    offices, django_assert_num_queries
):
    with django_assert_num_queries(1):
        first = _search(OverseasSearchProvider(), "申衡")
    second = _search(OverseasSearchProvider(), "申衡", offset=3)

    assert first.total == second.total == 5
    titles = [str(result.title) for result in first.results + second.results]
    assert titles == [f"新加坡代表处{i}" for i in range(5)]
    assert first.results[0].meta == "上海申衡律师事务所"


def test_a_page_past_the_end_is_empty_and_still_counts(offices, django_assert_num_queries):
    with django_assert_num_queries(2):  # the empty page, then the count it cannot carry
        page = _search(OverseasSearchProvider(), "申衡", offset=30)

    assert page.results == []
    assert page.total == 5


def test_no_match_is_one_query_and_a_total_of_zero(offices, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = _search(OverseasSearchProvider(), "量子计算")

    assert (page.results, page.total) == ([], 0)


def test_lawyers_and_firms_count_every_match_not_just_the_page(django_assert_num_queries):
    firm = LawFirmFactory(name="上海明理律师事务所")
    LawFirmFactory(name="上海明德律师事务所")
    for i in range(4):
        LawyerFactory(firm=firm, name=f"张明{'一二三四'[i]}")

    with django_assert_num_queries(2):  # the page with its count, then the page's firms
        lawyers = _search(LawyerSearchProvider(), "zhangming", limit=2)
    with django_assert_num_queries(1):
        firms = _search(FirmSearchProvider(), "明", limit=1)

    assert (len(lawyers.results), lawyers.total) == (2, 4)
    assert (len(firms.results), firms.total) == (1, 2)

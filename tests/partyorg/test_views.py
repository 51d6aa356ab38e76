"""The public page /party/: aggregates only, charts with tables, bounded queries."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone

from apps.partyorg.models import Honor, HonorKind, HonorLevel
from tests.members.factories import LawFirmFactory
from tests.partyorg.factories import joint_branch, member_in, own_branch

pytestmark = pytest.mark.django_db


def _registry(sector, n):
    for i in range(n):
        org = own_branch(sector, name=f"上海第{i}律师事务所党支部")
        for _ in range(3):
            member_in(org)
    joint_branch(sector, [LawFirmFactory(), LawFirmFactory()])


def test_party_page_shows_computed_figures_with_tables(client, sector):
    _registry(sector, 2)
    cache.clear()
    response = client.get("/party/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>党建引领</h1>" in body
    assert 'id="party-kinds-table"' in body
    assert 'data-party-chart="pie"' in body
    assert 'data-value="2"' in body  # two independent branches
    assert "vendor/echarts/echarts.min.js" in body
    assert "每家律所只计其最高一级党组织" in body  # the definition beside the figure


def test_party_page_never_names_a_member(client, sector):
    org = own_branch(sector, name="上海明德律师事务所党支部")
    member = member_in(org)
    Honor.objects.create(
        level=HonorLevel.MUNICIPAL,
        kind=HonorKind.OUTSTANDING_MEMBER,
        title="优秀共产党员",
        year=timezone.localdate().year,
        awarded_by="中共上海市委",
        member=member,
    )
    Honor.objects.create(
        level=HonorLevel.MUNICIPAL,
        kind=HonorKind.ADVANCED_ORGANIZATION,
        title="先进基层党组织",
        year=timezone.localdate().year,
        awarded_by="中共上海市委",
        organization=org,
    )
    cache.clear()
    body = client.get("/party/").content.decode()
    assert member.name not in body
    assert member.lawyer.licence_no not in body
    assert "上海明德律师事务所党支部" in body  # an organization's honour is public


def test_party_page_in_english(client, sector):
    response = client.get("/en/party/")
    assert response.status_code == 200
    assert response.wsgi_request.LANGUAGE_CODE == "en"


def test_party_page_refuses_post(client):
    assert client.post("/party/").status_code == 405


@pytest.mark.parametrize("orgs", [1, 12])
def test_party_page_queries_do_not_grow_with_the_registry(
    client, sector, orgs, django_assert_max_num_queries
):
    _registry(sector, orgs)
    cache.clear()
    with django_assert_max_num_queries(20):
        assert client.get("/party/").status_code == 200
    with django_assert_max_num_queries(6):  # figures cached
        assert client.get("/party/").status_code == 200


def test_home_page_lists_the_party_key_figures(client, sector):
    _registry(sector, 1)
    cache.clear()
    body = client.get("/").content.decode()
    assert "律师行业党组织" in body
    assert "党员律师" in body

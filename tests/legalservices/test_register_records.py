"""The public register shows annual review results, public honours and firm branches —
and nothing internal (deferrals, notes, private honours) — at a constant query count."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.members.models import FirmStatus, ReviewResult
from tests.members.factories import (
    AnnualReviewFactory,
    FirmBranchFactory,
    HonourFactory,
    LawFirmFactory,
    LawyerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(firm):
    lawyer = LawyerFactory(firm=firm, name="张伟")
    AnnualReviewFactory(lawyer=lawyer, year=2020, result=ReviewResult.COMPETENT)
    AnnualReviewFactory(lawyer=lawyer, year=2021, result=ReviewResult.BASICALLY_COMPETENT)
    AnnualReviewFactory(lawyer=lawyer, year=2022, result=ReviewResult.COMPETENT)
    AnnualReviewFactory(lawyer=lawyer, year=2023, result=ReviewResult.COMPETENT)
    AnnualReviewFactory(
        lawyer=lawyer, year=2024, result=ReviewResult.DEFERRED, note="投诉处理中，暂缓"
    )
    HonourFactory(lawyer=lawyer, title="上海市优秀律师", year=2023, awarded_by="上海市司法局")
    HonourFactory(lawyer=lawyer, title="内部通报表扬", year=2024, is_public=False)
    return lawyer


def test_lawyer_page_shows_graded_reviews_and_public_honours_only(client, reviewed):
    html = client.get(
        reverse("legalservices:lawyer_detail", args=[reviewed.licence_no])
    ).content.decode()
    assert "年度考核" in html
    assert "2023 年度：称职" in html
    assert "2022 年度：称职" in html
    assert "2021 年度：基本称职" in html
    # The three latest results; a deferral is no result and its reason is internal.
    assert "2020 年度" not in html
    assert "暂缓考核" not in html
    assert "投诉处理中" not in html
    assert "2023 年度上海市优秀律师（上海市司法局）" in html
    assert "内部通报表扬" not in html


def test_lawyer_without_reviews_says_so(client, lawyer):
    html = client.get(
        reverse("legalservices:lawyer_detail", args=[lawyer.licence_no])
    ).content.decode()
    assert "暂无公开的考核结果" in html
    assert "所获荣誉" not in html


def test_api_lawyer_detail_carries_reviews_and_public_honours(client, reviewed):
    data = client.get(reverse("legalservices_api:lawyer", args=[reviewed.licence_no])).json()
    assert data["annual_reviews"] == [
        {"year": 2023, "result": "competent"},
        {"year": 2022, "result": "competent"},
        {"year": 2021, "result": "basic"},
    ]
    assert [h["title"] for h in data["honours"]] == ["上海市优秀律师"]
    assert "note" not in str(data)
    assert "内部" not in str(data)


def test_api_docs_describe_the_new_fields(client):
    html = client.get(reverse("legalservices_api:docs")).content.decode()
    for field in ("annual_reviews", "honours", "head_office", "branches", "branches_elsewhere"):
        assert field in html


@pytest.fixture
def head_with_branches(firm):
    LawFirmFactory(name="上海申衡律师事务所临港分所", head_office=firm)
    LawFirmFactory(
        name="上海申衡律师事务所已注销分所", head_office=firm, status=FirmStatus.DISSOLVED
    )
    FirmBranchFactory(firm=firm, name="上海申衡律师事务所北京分所", city="北京")
    FirmBranchFactory(firm=firm, name="上海申衡律师事务所杭州分所", city="杭州", is_listed=False)
    return firm


def test_firm_page_lists_its_branches_here_and_elsewhere(client, head_with_branches):
    html = client.get(
        reverse("legalservices:firm_detail", args=[head_with_branches.pk])
    ).content.decode()
    assert "上海申衡律师事务所临港分所" in html
    assert "上海申衡律师事务所北京分所" in html
    assert "已注销分所" not in html
    assert "杭州分所" not in html


def test_branch_page_links_its_head_office(client, head_with_branches):
    branch = head_with_branches.branches.get(status=FirmStatus.ACTIVE)
    html = client.get(reverse("legalservices:firm_detail", args=[branch.pk])).content.decode()
    assert "总所" in html
    assert reverse("legalservices:firm_detail", args=[head_with_branches.pk]) in html


def test_branch_of_a_firm_elsewhere_names_its_head_office(client):
    branch = LawFirmFactory(
        name="北京市金石律师事务所上海分所", head_office_elsewhere="北京市金石律师事务所"
    )
    html = client.get(reverse("legalservices:firm_detail", args=[branch.pk])).content.decode()
    assert "北京市金石律师事务所" in html
    data = client.get(reverse("legalservices_api:firm", args=[branch.pk])).json()
    assert data["head_office"] == {"name": "北京市金石律师事务所"}


def test_api_firm_detail_lists_head_office_and_branches(client, head_with_branches):
    data = client.get(reverse("legalservices_api:firm", args=[head_with_branches.pk])).json()
    assert data["head_office"] is None
    assert [b["name"] for b in data["branches"]] == ["上海申衡律师事务所临港分所"]
    assert [b["city"] for b in data["branches_elsewhere"]] == ["北京"]
    branch_id = data["branches"][0]["id"]
    branch = client.get(reverse("legalservices_api:firm", args=[branch_id])).json()
    assert branch["head_office"]["id"] == head_with_branches.pk


LAWYER_DETAIL_BUDGET = 12
FIRM_DETAIL_BUDGET = 15


def _more_records(lawyer, n: int, start: int) -> None:
    for i in range(start, start + n):
        HonourFactory(lawyer=lawyer, title=f"优秀律师{i}", year=2010 + i % 10)
        AnnualReviewFactory(lawyer=lawyer, year=1990 + i)


def test_lawyer_detail_query_count_does_not_grow(client, lawyer, django_assert_max_num_queries):
    url = reverse("legalservices:lawyer_detail", args=[lawyer.licence_no])
    api = reverse("legalservices_api:lawyer", args=[lawyer.licence_no])
    _more_records(lawyer, 2, 0)
    with django_assert_max_num_queries(LAWYER_DETAIL_BUDGET):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(LAWYER_DETAIL_BUDGET):
        assert client.get(api).status_code == 200
    _more_records(lawyer, 15, 2)
    with django_assert_max_num_queries(LAWYER_DETAIL_BUDGET):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(LAWYER_DETAIL_BUDGET):
        assert client.get(api).status_code == 200


def test_firm_detail_query_count_does_not_grow_with_branches(
    client, firm, django_assert_max_num_queries
):
    url = reverse("legalservices:firm_detail", args=[firm.pk])
    api = reverse("legalservices_api:firm", args=[firm.pk])

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            LawFirmFactory(name=f"上海申衡律师事务所第{i}分所", head_office=firm)
            FirmBranchFactory(firm=firm, name=f"上海申衡律师事务所外地{i}分所")
            LawyerFactory(firm=firm)

    add(1, 0)
    with django_assert_max_num_queries(FIRM_DETAIL_BUDGET):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(FIRM_DETAIL_BUDGET):
        assert client.get(api).status_code == 200
    add(12, 1)
    with django_assert_max_num_queries(FIRM_DETAIL_BUDGET):
        response = client.get(url)
    assert response.content.decode().count("外地") == 13
    with django_assert_max_num_queries(FIRM_DETAIL_BUDGET):
        assert len(client.get(api).json()["branches"]) == 13

"""The lawyer page with annual reviews and honours, the firm page with branches, and the
portal feedback page with an answer: clean, accessible, no overflow on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from apps.legalservices.models import BusinessFeedback
from apps.members.models import ReviewResult
from tests.browser.conftest import (  # noqa: F401 - browser, open_page: fixtures
    assert_accessible,
    assert_clean,
    assert_no_horizontal_overflow,
    browser,
    open_page,
)
from tests.members.factories import (
    AnnualReviewFactory,
    FirmBranchFactory,
    HonourFactory,
    LawFirmFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [375, 1280])
def test_lawyer_and_firm_pages_show_the_record(open_page, firm, lawyer, width):  # noqa: F811
    for year in (2022, 2023, 2024):
        AnnualReviewFactory(lawyer=lawyer, year=year, result=ReviewResult.COMPETENT)
    HonourFactory(
        lawyer=lawyer,
        title="上海律师行业公益之星",
        title_en="Pro Bono Star of the Shanghai Bar",
        year=2024,
    )
    LawFirmFactory(name="上海申衡律师事务所临港分所", head_office=firm)
    FirmBranchFactory(
        firm=firm, name="上海申衡律师事务所北京分所", city="北京", address="朝阳区建国路88号"
    )
    page = open_page(f"/lawyers/{lawyer.licence_no}/", width=width)
    expect(page.locator("dl.facts")).to_contain_text("2024 年度：称职")
    expect(page.locator("dl.facts")).to_contain_text("上海律师行业公益之星")
    assert_clean(page)
    assert_no_horizontal_overflow(page)
    assert_accessible(page)

    page = open_page(f"/firms/{firm.pk}/", width=width)
    expect(page.get_by_role("heading", name="分所")).to_be_visible()
    expect(page.get_by_role("link", name="上海申衡律师事务所临港分所")).to_be_visible()
    assert_clean(page)
    assert_no_horizontal_overflow(page)
    assert_accessible(page)


def test_portal_pages_show_grades_and_answers_on_a_phone(open_page, lawyer):  # noqa: F811
    AnnualReviewFactory(lawyer=lawyer, year=2024, result=ReviewResult.DEFERRED)
    BusinessFeedback.objects.create(
        lawyer=lawyer,
        theme="access",
        title="看守所会见预约难",
        description="预约无号。",
        status="answered",
        answer="已转市司法局，号源已增加。",
    )
    page = open_page("/portal/", width=375, user=lawyer.user)
    expect(page.get_by_role("heading", name="我的年度考核与荣誉")).to_be_visible()
    assert_clean(page)
    assert_no_horizontal_overflow(page)
    assert_accessible(page)
    page = open_page("/portal/legal-services/feedback/", width=375, user=lawyer.user)
    expect(page.locator(".feedback-list")).to_contain_text("已转市司法局，号源已增加。")
    assert_clean(page)
    assert_no_horizontal_overflow(page)
    assert_accessible(page)

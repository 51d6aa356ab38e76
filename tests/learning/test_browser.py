"""A lawyer on a phone enrols in an online course, studies, completes it and sees the hours
on the portal home; the learning pages and the member card are clean and accessible."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from apps.learning.models import Enrolment
from tests.browser.conftest import (  # noqa: F401 - browser, open_page: fixtures
    assert_accessible,
    assert_clean,
    assert_no_horizontal_overflow,
    browser,
    open_page,
)

from .factories import OnlineCourseFactory, OnsiteCourseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lawyer_enrols_completes_and_sees_hours_on_portal_home_at_375(
    open_page,  # noqa: F811
    lawyer,
    tmp_path,
):
    course = OnlineCourseFactory(title="习近平法治思想专题学习", duration_minutes=90)
    page = open_page("/portal/learning/courses/", width=375, user=lawyer.user)
    page.get_by_role("link", name=course.title).click()
    page.get_by_role("button", name="报名").click()
    page.wait_for_load_state()
    assert "报名成功" in page.content()
    # Studying takes the course's length: the lawyer comes back 90 minutes later.
    Enrolment.objects.filter(lawyer=lawyer, course=course).update(
        enrolled_at=timezone.now() - dt.timedelta(minutes=91)
    )
    page.get_by_role("button", name="完成学习").click()
    page.wait_for_load_state()
    assert "计入 2.00 学时" in page.content()
    page.goto(page.url.split("/portal/")[0] + "/portal/")
    panel = page.locator("section", has=page.get_by_role("heading", name="年度继续教育"))
    assert "2.00" in panel.inner_text()
    assert "40" in panel.inner_text()
    assert_no_horizontal_overflow(page)
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "portal-375.png"), full_page=True)


@pytest.mark.parametrize(
    "path",
    [
        "/portal/learning/",
        "/portal/learning/courses/",
        "/portal/learning/check-in/",
        "/portal/learning/card/",
        "/portal/profile/",
    ],
)
def test_learning_pages_are_clean_and_accessible_on_a_phone(open_page, lawyer, path):  # noqa: F811
    OnlineCourseFactory()
    OnsiteCourseFactory()
    page = open_page(path, width=375, user=lawyer.user)
    assert_clean(page)
    assert_no_horizontal_overflow(page)
    assert_accessible(page)


def test_public_card_verification_page_is_clean_and_accessible_on_a_phone(open_page, lawyer):  # noqa: F811
    from apps.learning.card import card_token

    page = open_page(f"/card/{card_token(lawyer=lawyer)}/", width=375)
    assert lawyer.name in page.content()
    assert_clean(page)
    assert_no_horizontal_overflow(page)
    assert_accessible(page)

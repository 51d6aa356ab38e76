"""The inbox with its e-mail language setting, in a real browser: phone width, keyboard, axe."""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import (  # noqa: F401 - browser, open_page: fixtures
    assert_accessible,
    assert_clean,
    assert_no_horizontal_overflow,
    browser,
    open_page,
)

from .factories import NotificationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [375, 1280])
def test_lawyer_switches_email_language_with_the_keyboard(
    open_page,  # noqa: F811
    lawyer,
    width,
):
    NotificationFactory.create_batch(3, recipient=lawyer.user)

    page = open_page("/notifications/", width=width, user=lawyer.user)
    assert_clean(page)
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    if os.environ.get("SHOT_DIR"):
        page.screenshot(path=f"{os.environ['SHOT_DIR']}/inbox-{width}.png", full_page=True)

    english = page.get_by_role("radio", name="English")
    english.focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="保存").press("Enter")
    page.wait_for_load_state("networkidle")

    assert page.get_by_text("已保存通知邮件语言。").is_visible()
    lawyer.user.refresh_from_db()
    assert lawyer.user.language == "en"

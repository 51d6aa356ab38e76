"""allauth's pages in the site's look (templates/allauth/) in a real browser."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, assert_clean, assert_no_horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["/accounts/login/", "/en/accounts/password/reset/"])
def test_account_pages_are_clean_and_accessible_on_a_phone(open_page, path):
    page = open_page(path, width=375)

    assert_clean(page)
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    assert page.locator("main form.form .button").count() == 1


def test_failed_login_shows_an_error_summary_and_keeps_the_email(open_page):
    page = open_page("/accounts/login/", width=1280)

    page.fill("input[name=login]", "nobody@example.cn")
    page.fill("input[name=password]", "wrong-password")
    page.locator("main form.form .button").click()
    page.wait_for_load_state("networkidle")

    summary = page.locator(".form-errors[role=alert]")
    assert summary.is_visible()
    assert page.input_value("input[name=login]") == "nobody@example.cn"
    assert_accessible(page)

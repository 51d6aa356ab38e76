"""The own-data download page (/portal/my-data/) in a browser: no console errors or CSP
violations, no serious axe findings, no sideways scrolling, at phone and desktop width."""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import assert_accessible, assert_clean, assert_no_horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [375, 1280])
def test_my_data_page_is_clean_and_accessible(open_page, lawyer, width):
    page = open_page("/portal/my-data/", width=width, user=lawyer.user)
    assert page.locator("h1").inner_text() == "下载我的个人数据"
    assert page.get_by_role("button", name="下载 ZIP 文件").is_visible()
    assert_clean(page)
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    if os.environ.get("A11Y_SHOTS"):
        page.screenshot(path=f"{os.environ['A11Y_SHOTS']}/my-data-{width}.png", full_page=True)

"""The home page and the site chrome (header, menu, footer) in a real browser."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, assert_clean, assert_no_horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", ["/", "/en/"])
def test_home_loads_cleanly_and_passes_axe(open_page, path, width):
    page = open_page(path, width=width)

    assert_clean(page)
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    # The vendored htmx is served and sends the CSRF token from <body hx-headers>.
    assert page.evaluate("typeof htmx") == "object"
    assert "X-CSRFToken" in page.get_attribute("body", "hx-headers")


def test_first_tab_focuses_the_skip_link_which_jumps_to_main(open_page):
    page = open_page("/", width=375)

    page.keyboard.press("Tab")

    focused = page.evaluate(
        "[document.activeElement.className, document.activeElement.textContent]"
    )
    assert focused == ["skip-link", "跳到主要内容"]
    box = page.locator(".skip-link").bounding_box()
    assert box is not None
    assert box["y"] >= 0  # visible once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_phone_menu_is_a_keyboard_usable_disclosure(open_page):
    page = open_page("/", width=375)
    toggle = page.locator("[data-nav-toggle]")
    nav = page.locator("#site-nav")

    assert toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not nav.is_visible()

    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert nav.is_visible()
    assert nav.get_by_role("link", name="新闻资讯").is_visible()

    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not nav.is_visible()
    assert page.evaluate("document.activeElement.dataset.navToggle") == ""


def test_desktop_shows_the_navigation_without_a_menu_button(open_page):
    page = open_page("/", width=1280)

    assert page.locator("#site-nav").is_visible()
    assert not page.locator("[data-nav-toggle]").is_visible()
    assert page.locator('#site-nav a[aria-current="page"]').inner_text() == "首页"


def test_not_found_page_is_clean_and_accessible(open_page):
    page = open_page("/no-such-page/", width=375, status=404)

    assert_clean(page)
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

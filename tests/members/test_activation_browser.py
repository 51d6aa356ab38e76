"""Lawyer activation end to end in a real browser: the form, the code page (phone width,
clean, axe), the code typed in, the portal."""

from __future__ import annotations

import pytest
from allauth.account.internal.flows.email_verification_by_code import (
    EMAIL_VERIFICATION_CODE_SESSION_KEY,
)
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from tests.browser import conftest as browser_fixtures
from tests.browser.conftest import (
    assert_accessible,
    assert_clean,
    assert_no_horizontal_overflow,
)
from tests.members.factories import LawyerFactory

# The browser fixtures live in tests/browser/conftest.py; this test sits with its app.
browser = browser_fixtures.browser
open_page = browser_fixtures.open_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Zhi-ye-2026!pass"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth allows one code per address every 3 minutes (counted in the cache)."""
    from django.core.cache import cache

    cache.clear()


def _fill(page, lawyer, name):
    page.fill("input[name=licence_no]", lawyer.licence_no)
    page.fill("input[name=name]", name)
    page.fill("input[name=email]", lawyer.email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("main form.form .button").click()
    page.wait_for_load_state("networkidle")


def test_lawyer_activates_on_a_phone_with_the_mailed_code(open_page, firm):
    lawyer = LawyerFactory(firm=firm, name="孙丽", email="sunli@lawyers.example.cn")
    page = open_page("/accounts/signup/", width=375)
    assert_clean(page)
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    _fill(page, lawyer, "孙丽")

    assert page.url.endswith("/accounts/confirm-email/")
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    code = SessionStore(session_key=cookie["value"])[EMAIL_VERIFICATION_CODE_SESSION_KEY]["code"]
    page.fill("input[name=code]", code)
    page.locator("main form.form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")

    assert "/portal/" in page.url
    lawyer.refresh_from_db()
    assert lawyer.user is not None


def test_refused_activation_shows_the_same_code_page(open_page, firm):
    lawyer = LawyerFactory(firm=firm, name="孙丽", email="sunli@lawyers.example.cn")
    page = open_page("/accounts/signup/", width=1280)

    _fill(page, lawyer, "孙莉")

    assert page.url.endswith("/accounts/confirm-email/")
    assert page.locator("input[name=code]").is_visible()
    assert_accessible(page)

"""In a real Chromium, the Content-Security-Policy blocks nothing our pages need: public
pages, the admin, the prose editor and django-celery-beat's form run without a single CSP
violation (Chromium reports each one as a console error, which open_page collects) — and
an injected inline script without the nonce is refused."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import (  # noqa: F401 - browser, open_page: fixtures
    assert_clean,
    browser,
    open_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["/", "/en/", "/news/", "/accounts/login/"])
def test_public_pages_run_without_csp_violations(open_page, path):  # noqa: F811
    page = open_page(path, width=375)
    # base.html's nonce'd inline script ran: it marks the document as scripted.
    assert page.evaluate("document.documentElement.classList.contains('js')")
    assert_clean(page)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/members/lawyer/",
        "/admin/django_celery_beat/periodictask/add/",
        "/admin/news/article/add/",
    ],
)
def test_admin_pages_run_without_csp_violations(open_page, superuser, path):  # noqa: F811
    page = open_page(path, user=superuser)
    assert_clean(page)


def test_prose_editor_loads_under_the_csp(open_page, superuser):  # noqa: F811
    page = open_page("/admin/news/article/add/", user=superuser)
    # The editor mounts only when its modules load through the nonce'd import map.
    editor = page.locator(".prose-editor [contenteditable='true']").first
    editor.wait_for(state="attached", timeout=10_000)
    assert page.locator(".prose-editor [contenteditable='true']").count() >= 1
    assert_clean(page)


def test_celery_beat_form_script_runs_under_the_csp(open_page, superuser):  # noqa: F811
    page = open_page("/admin/django_celery_beat/periodictask/add/", user=superuser)
    # Its inline script hides the crontab translation row; blocked, the row would show.
    assert page.locator(".field-crontab_translation").is_hidden()
    assert_clean(page)


def test_an_inline_script_without_the_nonce_is_refused(open_page):  # noqa: F811
    page = open_page("/")
    with pytest.raises(PlaywrightError, match="Content Security Policy"):
        page.add_script_tag(content="window.__injected = true;")
    assert page.evaluate("window.__injected === undefined")

"""Browser fixtures: Playwright (sync API) driving Debian's Chromium against live_server.

    @pytest.mark.browser
    def test_page_works(open_page):
        page = open_page("/news/", width=375)
        assert_clean(page)          # no console errors, failed requests or 4xx/5xx
        assert_accessible(page)     # axe-core: no serious or critical violations

Without /usr/bin/chromium the browser tests are skipped, except when CI=true, where
they fail: CI always runs them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.db import connections
from django.test import Client
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is required in CI (apt-get install chromium)")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls a test
    # makes while it runs are still synchronous, so allow them (for this test only).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # ORM calls made while Playwright's loop was active keep their own connection
        # (Django stores connections per context); close it so the test database can be
        # dropped at the end of the session.
        connections.close_all()


@pytest.fixture
def open_page(browser: Browser, live_server) -> Callable[..., Page]:
    """open_page(path, width=1280, status=200, user=None) -> a Page with `.problems`: every
    console error, uncaught exception, failed request and 4xx/5xx response seen while
    loading it (the page's own expected status excepted). With `user`, the browser carries
    a session of that user (signed in through Django's test client)."""

    def _open(
        path: str, *, width: int = 1280, height: int = 900, status: int = 200, user=None
    ) -> Page:
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="zh-CN", timezone_id="Asia/Shanghai"
        )
        if user is not None:
            client = Client()
            client.force_login(user)
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
            )
        page = context.new_page()
        problems: list[str] = []
        url = live_server.url + path

        def on_console(message: ConsoleMessage) -> None:
            if message.type != "error":
                return
            # Chromium also logs the page's own (expected) error status to the console.
            if (
                status >= 400
                and message.location.get("url") == url
                and f" {status} " in message.text
            ):
                return
            problems.append(f"console error: {message.text} ({message.location})")

        def on_response(response: Response) -> None:
            expected = response.url == url and response.status == status
            if response.status >= 400 and not expected:
                problems.append(f"HTTP {response.status}: {response.url}")

        def on_request_failed(request: Request) -> None:
            problems.append(f"request failed: {request.url} ({request.failure})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.append(f"uncaught error: {error}"))
        page.on("requestfailed", on_request_failed)
        page.on("response", on_response)
        response = page.goto(url, wait_until="networkidle")
        assert response is not None
        assert response.status == status, f"{url} answered {response.status}"
        page.problems = problems  # type: ignore[attr-defined]
        return page

    return _open


def assert_clean(page: Page) -> None:
    problems = page.problems  # type: ignore[attr-defined]
    assert problems == [], "\n".join(problems)


def assert_accessible(page: Page) -> None:
    results = Axe().run(page)
    blocking = [
        violation
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]
    assert blocking == [], results.generate_report()


def assert_no_horizontal_overflow(page: Page) -> None:
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"page is {scroll_width}px wide in a {width}px viewport"

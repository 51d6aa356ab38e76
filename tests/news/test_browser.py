"""The editorial journey in a real browser: an editor writes and submits an article in
admin, a chief editor publishes it, a visitor on a phone finds it by search and reads it.

Chromium and the skip rule (skipped without /usr/bin/chromium unless CI=true) come from
tests/browser/conftest.py's `browser` fixture.
"""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page

from apps.accounts.roles import Role
from apps.news.models import Article
from tests.accounts.factories import staff_user
from tests.browser.conftest import (  # noqa: F401 - browser, open_page: fixtures
    assert_accessible,
    assert_clean,
    assert_no_horizontal_overflow,
    browser,
    open_page,
)
from tests.news.factories import ArticleFactory, ChannelFactory, TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORD = "星河律谈"
TITLE = f"{WORD}公益讲座在浦东举行"
BODY = "青年律师围绕社区调解与法律援助分享了各自的办案体会。"


def _signed_in_context(chromium: Browser, live_server, user, **options) -> BrowserContext:
    """A browser context carrying a session of `user` (logged in through Django's test
    client, which writes the session row the live server reads)."""
    client = Client()
    client.force_login(user)
    context = chromium.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


def _watch(page: Page) -> list[str]:
    """Console errors, uncaught exceptions and 4xx/5xx responses seen by `page`."""
    problems: list[str] = []

    def on_console(message) -> None:
        if message.type == "error":
            url = message.location.get("url", "")
            problems.append(f"console error: {message.text} ({url})")

    def on_response(response) -> None:
        if response.status >= 400:
            problems.append(f"HTTP {response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    page.on("response", on_response)
    return problems


def _run_bulk_action(page: Page, action: str) -> None:
    page.locator("input.action-select").first.check()
    page.select_option('select[name="action"]', action)
    page.locator('button[name="index"]').click()
    page.wait_for_load_state("networkidle")


def test_editor_writes_chief_publishes_visitor_finds_it_on_a_phone(
    browser: Browser,  # noqa: F811
    live_server,
):
    ChannelFactory(name="协会动态", slug="association")
    editor = staff_user(role=Role.EDITOR, email="editor@example.cn")
    chief = staff_user(role=Role.CHIEF_EDITOR, email="chief@example.cn")

    # 1. The editor writes the article and submits it for review.
    context = _signed_in_context(browser, live_server, editor)
    page = context.new_page()
    problems = _watch(page)
    page.goto(f"{live_server.url}/admin/news/article/add/", wait_until="networkidle")
    page.fill("#id_title", TITLE)
    # The channel is an admin autocomplete (select2).
    page.locator("#id_channel + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("协会")
    page.locator(".select2-results__option", has_text="协会动态").click()
    editor_area = page.locator(".field-body [contenteditable=true]")
    editor_area.click()
    page.keyboard.insert_text(BODY)
    page.locator('input[name="_save"]').click()
    page.wait_for_load_state("networkidle")
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.DRAFT
    assert BODY in article.body
    _run_bulk_action(page, "submit_selected")
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert problems == [], problems
    context.close()

    # Not yet public.
    anonymous = Client()
    assert anonymous.get(f"/news/{article.pk}/").status_code == 404

    # 2. The chief editor publishes it.
    context = _signed_in_context(browser, live_server, chief)
    page = context.new_page()
    problems = _watch(page)
    page.goto(
        f"{live_server.url}/admin/news/article/?status__exact=review", wait_until="networkidle"
    )
    assert page.locator("#result_list").get_by_text(TITLE).count() == 1
    _run_bulk_action(page, "publish_selected")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert problems == [], problems
    context.close()

    # 3. A visitor on a 375 px phone searches for it and opens it.
    context = browser.new_context(
        viewport={"width": 375, "height": 812},
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    problems = _watch(page)
    page.goto(f"{live_server.url}/search/", wait_until="networkidle")
    page.fill("#search-q", WORD)
    page.locator(".search-form-main button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    result = page.locator(".search-result-title a").first
    assert result.inner_text() == TITLE
    assert page.locator(".search-result-title mark").first.inner_text() == WORD
    result.click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/news/{article.pk}/"
    assert page.locator("h1").inner_text() == TITLE
    assert BODY in page.locator(".article-body").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the article page is {width}px wide on a 375px screen"
    assert_accessible(page)
    assert problems == [], problems
    context.close()


@pytest.mark.parametrize(
    "path", ["/news/", "/news/association/", "/topics/", "/topics/ciie/", "/search/?q=进博会"]
)
def test_news_pages_are_clean_and_accessible_on_a_phone(open_page, path):  # noqa: F811
    association = ChannelFactory(name="协会动态", slug="association")
    ChannelFactory(name="区县动态", slug="districts", parent=association)
    topic = TopicFactory(title="进博会法律服务", slug="ciie", description="历届进博会志愿服务。")
    for n in range(3):
        ArticleFactory(
            channel=association,
            title=f"第{n + 5}届进博会法律服务志愿者培训",
            summary="志愿者集中学习涉外法律实务。",
            topics=[topic],
            is_pinned=n == 0,
        )
    ArticleFactory(channel=association, title="会员专享文章", visibility=Article.Visibility.MEMBERS)
    page = open_page(path, width=375)
    assert_clean(page)
    assert_accessible(page)
    assert_no_horizontal_overflow(page)


def test_editor_picks_an_image_into_the_body_and_submits_with_unsaved_edits(
    browser: Browser,  # noqa: F811
    live_server,
    tmp_path,
):
    """The body editor uploads a picked image to our storage and inserts it; the workflow
    button then saves the unsaved edits and submits, in one click."""
    from apps.news.models import BodyImage
    from tests.news.factories import png_bytes

    editor = staff_user(role=Role.EDITOR, email="editor@example.cn")
    article = ArticleFactory(status=Article.Status.DRAFT, title="带图的稿件", body="<p>开头。</p>")
    picture = tmp_path / "会场.png"
    picture.write_bytes(png_bytes(1200, 600))

    context = _signed_in_context(browser, live_server, editor)
    page = context.new_page()
    problems = _watch(page)
    page.goto(
        f"{live_server.url}/admin/news/article/{article.pk}/change/", wait_until="networkidle"
    )
    page.locator(".field-body [contenteditable=true]").click()
    page.keyboard.press("End")
    page.locator(".news-body-images-pick").wait_for()
    with page.expect_file_chooser() as chooser:
        page.locator(".news-body-images-pick").click()
    chooser.value.set_files(str(picture))
    page.locator(".news-body-images-status", has_text="图片已上传").wait_for()
    image = BodyImage.objects.get()
    src = page.locator(".field-body [contenteditable=true] img").get_attribute("src")
    assert src == image.file.url
    page.fill("#id_title", "带图的稿件（改）")  # an edit not saved yet
    page.locator('button[name="_transition"][value="submit"]').click()
    page.wait_for_load_state("networkidle")

    article.refresh_from_db()
    assert article.title == "带图的稿件（改）"
    assert article.status == Article.Status.REVIEW
    assert f'src="{image.file.url}"' in article.body
    assert "已改为" in page.locator(".messagelist").inner_text()
    assert problems == [], problems
    context.close()


@pytest.mark.parametrize("how", ["drop", "paste"])
def test_editor_drops_or_pastes_an_image_into_the_body(
    browser: Browser,  # noqa: F811
    live_server,
    how,
):
    """Dropping or pasting an image file uploads it to our storage and inserts our URL."""
    import base64

    from apps.news.models import BodyImage
    from tests.news.factories import png_bytes

    editor = staff_user(role=Role.EDITOR, email="editor@example.cn")
    article = ArticleFactory(status=Article.Status.DRAFT, body="<p>正文。</p>")
    context = _signed_in_context(browser, live_server, editor)
    page = context.new_page()
    problems = _watch(page)
    change_url = f"{live_server.url}/admin/news/article/{article.pk}/change/"
    page.goto(change_url, wait_until="networkidle")
    area = page.locator(".field-body [contenteditable=true]")
    area.click()
    page.evaluate(
        """([how, data]) => {
            const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
            const file = new File([bytes], "拖入.png", { type: "image/png" });
            const transfer = new DataTransfer();
            transfer.items.add(file);
            const target = document.querySelector(".field-body [contenteditable=true]");
            const box = target.getBoundingClientRect();
            const event = how === "drop"
                ? new DragEvent("drop", {
                    dataTransfer: transfer, bubbles: true, cancelable: true,
                    clientX: box.left + 10, clientY: box.top + 10,
                  })
                : new ClipboardEvent("paste", {
                    clipboardData: transfer, bubbles: true, cancelable: true,
                  });
            target.dispatchEvent(event);
        }""",
        [how, base64.b64encode(png_bytes(800, 400)).decode()],
    )
    page.locator(".news-body-images-status", has_text="图片已上传").wait_for()
    image = BodyImage.objects.get()
    assert area.locator("img").get_attribute("src") == image.file.url
    assert (image.width, image.height) == (800, 400)
    assert problems == [], problems
    context.close()

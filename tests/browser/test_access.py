"""Access in a real browser (Chromium + axe-core): every public page in zh-hans, zh-hant
and en at 375 and 1280 px, and in elder-friendly mode (适老化) with axe's AAA contrast rule
(color-contrast-enhanced), type of at least 18 px, 44 × 44 px targets, no sideways
scrolling at 320 px or at 200 % zoom; and a keyboard-only journey from the home page to
the member portal with visible focus at every stop and no trap.

Screenshots of each page in elder mode and in zh-hant are written to
$A11Y_SHOTS (default: not written) for a person to look at.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page

from apps.core.views_access import ELDER_COOKIE
from tests.browser.conftest import BLOCKING_IMPACTS
from tests.news.factories import (
    ArticleAttachmentFactory,
    ArticleFactory,
    ChannelFactory,
    TopicFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("A11Y_SHOTS")

# Public pages of the URL contract that exist; {article} and {topic} are filled in.
PUBLIC_PAGES = [
    "/",
    "/news/",
    "/news/notices/",
    "{article}",
    "/topics/",
    "{topic}",
    "/search/?q=律师",
    "/stats/",
    "/party/",
    "/lawyers/",
    "/firms/",
    "/overseas/",
    "/legal-help/",
    "/complaints/new/",
    "/complaints/track/",
    "/events/",
    "/accounts/login/",
]
LANGUAGES = ["", "/zh-hant", "/en"]


@pytest.fixture
def content(db) -> dict[str, str]:
    notices = ChannelFactory(name="通知公告", name_en="Notices", slug="notices")
    article = ArticleFactory(
        channel=notices,
        title="关于开展2026年度律师执业年度考核工作的通知",
        body=(
            "<p>各律师事务所：</p><p>根据《律师执业年度考核规则》，现将本年度考核工作安排通知如下，"
            "请各律师事务所认真组织本所律师按时完成网上申报，并于规定期限内提交考核材料。</p>"
            '<p class="signature">上海市律师协会<br>2026年11月30日</p>'
        ),
    )
    ArticleAttachmentFactory(article=article, title="考核材料清单")
    topic = TopicFactory(title="律师公益法律服务", slug="pro-bono")
    article.topics.add(topic) if hasattr(article, "topics") else None
    return {"article": article.get_absolute_url(), "topic": topic.get_absolute_url()}


def _paths(content: dict[str, str]) -> list[str]:
    return [path.format(**content) for path in PUBLIC_PAGES]


def _context(browser: Browser, live_server, *, width: int, elder: bool = False) -> BrowserContext:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    if elder:
        context.add_cookies([{"name": ELDER_COOKIE, "value": "1", "url": live_server.url}])
    return context


def _open(context: BrowserContext, live_server, path: str) -> Page:
    page = context.new_page()
    response = page.goto(live_server.url + path, wait_until="networkidle")
    assert response is not None
    assert response.status == 200, f"{path} answered {response.status}"
    return page


def _blocking(page: Page, *, aaa: bool = False) -> list[str]:
    options = {"rules": {"color-contrast-enhanced": {"enabled": True}}} if aaa else None
    results = Axe().run(page, options=options)
    return [
        f"{page.url} {violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
        or (aaa and violation["id"] == "color-contrast-enhanced")
    ]


def _overflow(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _name(path: str) -> str:
    return path.strip("/").replace("/", "_").replace("?", "_").replace("=", "_") or "home"


@pytest.mark.parametrize("width", [375, 1280])
def test_public_pages_pass_axe_in_three_languages(browser, live_server, content, width):
    problems: list[str] = []
    for language in LANGUAGES:
        context = _context(browser, live_server, width=width)
        for path in _paths(content):
            page = _open(context, live_server, language + path)
            problems += _blocking(page)
            if _overflow(page) > 0:
                problems.append(f"{page.url}: {_overflow(page)} px sideways scroll at {width}")
            if language == "/zh-hant" and width == 375:
                _shot(page, f"hant-{_name(path)}")
            page.close()
        context.close()
    assert problems == [], "\n".join(problems)


# Text smaller than 18 px, and standalone targets smaller than 44 × 44, in elder mode.
ELDER_AUDIT = """() => {
  const small = [], tiny = [];
  const visible = (el) => {
    const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none"
      && !el.closest(".visually-hidden, [hidden], [aria-hidden=true]");
  };
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    // Chart labels (SVG) are left out: each chart has its data table beside it.
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (own && visible(el) && !el.closest("svg") && size < 17.9) {
      small.push(`${el.tagName.toLowerCase()}.${el.className} ${getComputedStyle(el).fontSize}`);
    }
  }
  const targets = ["button", ".button", "select", "nav a", ".elder-switch",
    "input:not([type=hidden]):not([type=checkbox]):not([type=radio])"].join(",");
  for (const el of document.querySelectorAll(targets)) {
    if (!visible(el) || el.closest(".skip-link")) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 43.5 || r.height < 43.5) {
      const label = el.textContent.trim().slice(0, 12);
      tiny.push(`${el.tagName} "${label}" ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
  }
  return {small: [...new Set(small)].slice(0, 8), tiny: [...new Set(tiny)].slice(0, 8)};
}"""


@pytest.mark.parametrize("width", [375, 1280])
def test_elder_mode_pages_are_large_high_contrast_and_pass_axe_aaa(
    browser, live_server, content, width
):
    problems: list[str] = []
    for language in ("", "/en") if width == 375 else ("",):
        context = _context(browser, live_server, width=width, elder=True)
        for path in _paths(content):
            page = _open(context, live_server, language + path)
            assert page.evaluate("document.documentElement.classList.contains('elder')")
            problems += _blocking(page, aaa=True)
            audit = page.evaluate(ELDER_AUDIT)
            problems += [f"{page.url} text under 18 px: {item}" for item in audit["small"]]
            problems += [f"{page.url} target under 44 px: {item}" for item in audit["tiny"]]
            if width == 375 and not language:
                _shot(page, f"elder-{_name(path)}")
            page.close()
        context.close()
    assert problems == [], "\n".join(problems)


def test_elder_mode_reflows_at_320_px_and_at_200_percent_zoom(browser, live_server, content):
    problems: list[str] = []
    # 200 % zoom of a 1280 px window is a 640 px layout viewport; 320 px is the narrowest phone.
    for width in (320, 640):
        for elder in (False, True):
            context = _context(browser, live_server, width=width, elder=elder)
            for path in _paths(content):
                page = _open(context, live_server, path)
                if _overflow(page) > 0:
                    mode = "elder" if elder else "standard"
                    problems.append(f"{path} ({mode}, {width} px): {_overflow(page)} px too wide")
                page.close()
            context.close()
    assert problems == [], "\n".join(problems)


def test_elder_mode_switch_works_without_javascript(browser, live_server, content):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + content["article"])
    page.get_by_role("link", name="长辈模式").click()
    page.wait_for_load_state()
    assert page.url == live_server.url + content["article"]
    assert page.evaluate("document.documentElement.className") == "elder"
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 18
    page.get_by_role("link", name="退出长辈模式").click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.className") == ""
    context.close()


def test_article_prints_the_qr_code_source_and_url(browser, live_server, content):
    context = _context(browser, live_server, width=1280)
    page = _open(context, live_server, content["article"])
    page.emulate_media(media="print")
    assert page.locator(".share-qr img").is_visible()
    assert page.locator(".share-qr-url").is_visible()
    assert not page.locator(".site-nav").is_visible()
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")
    context.close()


def test_article_body_lines_stay_within_about_40_characters(browser, live_server, content):
    context = _context(browser, live_server, width=1600)
    page = _open(context, live_server, content["article"])
    measure = page.evaluate(
        """() => { const p = document.querySelector('.article-body p:nth-child(2)');
        const s = getComputedStyle(p);
        return {chars: p.getBoundingClientRect().width / parseFloat(s.fontSize),
                lineHeight: parseFloat(s.lineHeight) / parseFloat(s.fontSize)}; }"""
    )
    assert measure["chars"] <= 41
    assert measure["lineHeight"] >= 1.75
    signature = page.evaluate(
        "getComputedStyle(document.querySelector('.article-body .signature')).textAlign"
    )
    assert signature == "right"
    context.close()


# --- keyboard -------------------------------------------------------------------------

FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el); const r = el.getBoundingClientRect();
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
  const ring = s.boxShadow && s.boxShadow !== "none";
  return {
    key: [el.tagName, el.id, el.getAttribute("href") || el.name || "",
          Math.round(r.top + window.scrollY)].join("|"),
    visible: (outline || ring) && r.width > 0 && r.height > 0,
    inView: r.bottom > 0 && r.top < window.innerHeight,
    text: (el.textContent || el.value || "").trim().slice(0, 20),
  };
}"""


def _tab_until(page: Page, matches: str, *, limit: int = 60, shift: bool = False) -> None:
    """Press Tab until the focused element matches the selector, asserting a visible focus
    indicator at every stop and that focus keeps moving (no trap)."""
    seen: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if shift else "Tab")
        state = page.evaluate(FOCUS_STATE)
        assert state is not None, f"focus fell to the page body after {seen[-3:]}"
        assert state["visible"], f"no visible focus on {state}"
        assert state["inView"], f"focused element scrolled out of view: {state}"
        assert not seen or state["key"] != seen[-1], f"focus stuck on {state}"
        seen.append(state["key"])
        if page.evaluate("(s) => document.activeElement.matches(s)", matches):
            return
    raise AssertionError(f"{matches} not reached with the keyboard; stops: {seen[-8:]}")


def test_keyboard_only_journey_from_home_to_the_portal(browser, live_server, content, lawyer):
    lawyer.user.set_password("Correct-horse-9")
    lawyer.user.save()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/", wait_until="networkidle")

    # The skip link is the first stop and moves focus to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate(FOCUS_STATE)["visible"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Search from the header.
    page.goto(live_server.url + "/", wait_until="networkidle")
    _tab_until(page, "#site-search-q")
    page.keyboard.type("考核")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/**")

    # Open the article from the results.
    _tab_until(page, f'main a[href="{content["article"]}"]', limit=120)
    page.keyboard.press("Enter")
    page.wait_for_url("**" + content["article"])
    assert page.locator("h1").inner_text().startswith("关于开展")

    # The login link in the top bar, then the form.
    _tab_until(page, 'a[href^="/accounts/login/"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/**")
    _tab_until(page, "input[type=email], input[name=login]")
    page.keyboard.type(lawyer.user.email)
    _tab_until(page, "input[type=password]")
    page.keyboard.type("Correct-horse-9")
    page.keyboard.press("Enter")
    page.wait_for_url("**/portal/**")
    assert page.locator("h1").count() == 1

    # Keyboard through the portal home; the whole page cycles back to the top (no trap).
    _tab_until(page, ".skip-link", limit=300)
    context.close()


def test_phone_menu_opens_with_space_and_closes_with_escape(browser, live_server, content):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/", wait_until="networkidle")
    _tab_until(page, "[data-nav-toggle]")
    page.keyboard.press("Space")
    assert page.locator("#site-nav").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('#site-nav')")
    page.keyboard.press("Escape")
    assert not page.locator("#site-nav").is_visible()
    assert page.evaluate("document.activeElement.matches('[data-nav-toggle]')")
    context.close()


def test_form_errors_are_announced_and_get_focus(browser, live_server, content):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/", wait_until="networkidle")
    _tab_until(page, "input[type=email], input[name=login]")
    page.keyboard.type("nobody@example.cn")
    _tab_until(page, "input[type=password]")
    page.keyboard.type("wrong-password-1")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.activeElement.classList.contains('form-errors')")
    assert page.locator(".form-errors").get_attribute("role") == "alert"
    context.close()


def test_every_page_has_one_h1_main_and_ordered_headings(browser, live_server, content):
    context = _context(browser, live_server, width=1280)
    problems = []
    for path in _paths(content):
        page = _open(context, live_server, path)
        outline = page.evaluate(
            """() => ({
              h1: document.querySelectorAll('h1').length,
              main: document.querySelectorAll('main').length,
              banner: document.querySelectorAll('body > header').length,
              contentinfo: document.querySelectorAll('body > footer').length,
              levels: [...document.querySelectorAll('main h1, main h2, main h3, main h4')]
                .map((h) => +h.tagName[1]),
            })"""
        )
        if (outline["h1"], outline["main"], outline["banner"], outline["contentinfo"]) != (
            1,
            1,
            1,
            1,
        ):
            problems.append(f"{path}: landmarks/h1 {outline}")
        levels = outline["levels"]
        skips = [b for a, b in itertools.pairwise(levels) if b > a + 1]
        if not levels or levels[0] != 1 or skips:
            problems.append(f"{path}: heading levels {levels}")
        page.close()
    context.close()
    assert problems == [], "\n".join(problems)

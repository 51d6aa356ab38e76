"""Access in a real browser (Chromium + axe-core), on every public page.

**Which pages.** ``PUBLIC_PAGES`` names every public page by its URL name, with the test
data it needs; ``test_every_public_html_url_is_covered`` walks the URLconf and fails on a
URL that is neither there, nor private (it has a rule in
tests/security/test_authorization.py), nor in ``NOT_PAGES`` (feeds, files, JSON, POST-only
actions, signed-in account pages — each with its reason). A page added later is covered
by adding one line here; forgetting it fails the suite.

**The matrix** (issue #12: "every public page in all three languages and in elder mode at
375 px and 1280 px"), met literally: for each language (zh-hans, zh-hant, en) and each
mode (standard, elder) one browser context loads every page once at 1280 px and runs
axe-core (no serious or critical violations; in elder mode also the AAA contrast rule
``color-contrast-enhanced``), then narrows the same page to 640 px (200 % zoom of a
1280 px window), 375 px (axe again) and 320 px without reloading — CSS follows the
viewport, and a reload per width would double the time. Elder mode also checks type of at
least 18 px (chart labels included) and 44 × 44 px targets at both widths; every width
checks for sideways scrolling. That is 6 parametrized cases (one per language × mode, so
parallel workers can share them), each loading every page once.

Also: the elder switch without JavaScript, chart text in elder mode, print layout, line
length, landmarks and headings, and a keyboard-only journey from the home page to the
member portal with visible focus at every stop and no trap.

Screenshots of each page in elder mode and in zh-hant are written to
$A11Y_SHOTS (default: not written) for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse
from playwright.sync_api import Browser, BrowserContext, Page

from apps.core.views_access import ELDER_COOKIE
from tests.browser.charts import draw_every_chart
from tests.browser.conftest import BLOCKING_IMPACTS
from tests.news.factories import (
    ArticleAttachmentFactory,
    ArticleFactory,
    ChannelFactory,
    GuideFactory,
    MagazineIssueFactory,
    RuleVersionFactory,
    TopicFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("A11Y_SHOTS")


@dataclass(frozen=True)
class Public:
    """A public page: its path (or a function of the test data giving it), the session
    data it needs (a form's "submitted" page is shown only to the browser that sent the
    form), and whether it lives under the language prefixes."""

    path: str | Callable[[dict[str, Any]], str]
    session: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    translated: bool = True


def _url(name: str, **kwargs: Any) -> Callable[[dict[str, Any]], str]:
    """reverse(name) with kwargs taken from the test data: ``pk="firm"`` → data["firm"].pk."""

    def build(data: dict[str, Any]) -> str:
        resolved = {
            key: (getattr(data[value[0]], value[1]) if isinstance(value, tuple) else data[value].pk)
            for key, value in kwargs.items()
        }
        return reverse(name, kwargs=resolved)

    return build


# Every public page (anonymous, GET, HTML), by URL name.
PUBLIC_PAGES: dict[str, Public] = {
    "core:home": Public("/"),
    "search": Public("/search/?q=律师"),
    # news and publications
    "news:index": Public("/news/"),
    "news:channel": Public("/news/notices/"),
    "news:article": Public(lambda d: d["article"].get_absolute_url()),
    "news:topics": Public("/topics/"),
    "news:topic": Public(lambda d: d["topic"].get_absolute_url()),
    "news:rules": Public("/news/rules/"),
    "news:rule_detail": Public(lambda d: d["rule"].get_absolute_url()),
    "news:magazine": Public("/news/magazine/"),
    "news:magazine_year": Public(lambda d: f"/news/magazine/{d['issue'].year}/"),
    "news:magazine_issue": Public(lambda d: d["issue"].get_absolute_url()),
    "news:guides": Public("/news/guides/"),
    # figures
    "stats:home": Public("/stats/"),
    "partyorg:home": Public("/party/"),
    # events and the member card check
    "events_public:list": Public("/events/"),
    "learning_public:verify": Public(lambda d: reverse("learning_public:verify", args=[d["card"]])),
    # complaints
    "complaints:scope": Public("/complaints/"),
    "complaints:new": Public("/complaints/new/"),
    "complaints:done": Public(
        "/complaints/new/done/",
        session=lambda d: {
            "complaints_done": {
                "reference": d["complaint"].reference,
                "code": "ABCD-EFGH-JKMN",
                "due_on": "2026-12-30",
            }
        },
    ),
    "complaints:track": Public("/complaints/track/"),
    "complaints:status": Public(
        "/complaints/track/status/", session=lambda d: {"complaints_tracked": d["complaint"].pk}
    ),
    # the public register and legal help
    "legalservices:lawyer_list": Public("/lawyers/"),
    "legalservices:lawyer_detail": Public(
        _url("legalservices:lawyer_detail", licence_no=("lawyer", "licence_no"))
    ),
    "legalservices:firm_list": Public("/firms/"),
    "legalservices:firm_detail": Public(_url("legalservices:firm_detail", pk="firm")),
    "legalservices:overseas": Public("/overseas/"),
    "legalservices:overseas_detail": Public(_url("legalservices:overseas_detail", pk="office")),
    "legalservices:help": Public("/legal-help/"),
    "legalservices:consultation_new": Public("/legal-help/consultation/"),
    "legalservices:consultation_done": Public(
        _url("legalservices:consultation_done", reference=("consultation", "reference")),
        session=lambda d: {"ls_consultation": d["consultation"].reference},
    ),
    "legalservices:event_detail": Public(_url("legalservices:event_detail", pk="help_event")),
    "legalservices:booking_done": Public(
        _url("legalservices:booking_done", reference=("booking", "reference")),
        session=lambda d: {"ls_booking": d["booking"].reference},
    ),
    "legalservices:alert_list": Public("/legal-help/alerts/"),
    "legalservices:programme_list": Public("/legal-help/programmes/"),
    "legalservices:programme_detail": Public(
        _url("legalservices:programme_detail", slug=("programme", "slug"))
    ),
    "legalservices:mediation": Public("/legal-help/mediation/"),
    "legalservices:mediation_done": Public(
        _url("legalservices:mediation_done", reference=("mediation", "reference")),
        session=lambda d: {"ls_mediation": d["mediation"].reference},
    ),
    "legalservices_api:docs": Public("/api/", translated=False),
    # signing in (allauth)
    "account_login": Public("/accounts/login/"),
    "account_signup": Public("/accounts/signup/"),
    "account_reset_password": Public("/accounts/password/reset/"),
    "account_reset_password_done": Public("/accounts/password/reset/done/"),
    "account_reset_password_from_key": Public("/accounts/password/reset/key/1-expired/"),
    "account_reset_password_from_key_done": Public("/accounts/password/reset/key/done/"),
    "account_inactive": Public("/accounts/inactive/"),
}

# URLs outside the private ones (tests/security/test_authorization.py) that are no page.
NOT_PAGES: dict[str, str] = {
    "healthz": "plain-text health check",
    "robots_txt": "text file",
    "set_language": "POST only (the header's language switch is links)",
    "news_feed_rss": "feed (XML)",
    "news_feed_atom": "feed (XML)",
    "news_channel_feed_rss": "feed (XML)",
    "news_channel_feed_atom": "feed (XML)",
    "sitemap": "XML",
    "sitemap_section": "XML",
    "legalservices_api:lawyers": "JSON API",
    "legalservices_api:lawyer": "JSON API",
    "legalservices_api:firms": "JSON API",
    "legalservices_api:firm": "JSON API",
    "legalservices:overseas_map_data": "JSON for the map",
    "stats:data_all_json": "open data (JSON)",
    "stats:figure_csv": "open data (CSV)",
    "stats:figure_json": "open data (JSON)",
    "core:elder_mode": "the elder-mode switch: sets a cookie and redirects back",
    "complaints:track_end": "POST only (ends the tracking session)",
    "account_logout": "signs out; a visitor who is not signed in is sent on",
    "account_email_verification_sent": "only during sign-up (enter the e-mailed code)",
    "account_confirm_login_code": "only during a sign-in by code",
    "account_reauthenticate": "signed in only",
    "account_request_reauthentication_code": "signed in only",
    "account_confirm_reauthentication_code": "signed in only",
    "account_email": "signed in only",
    "account_change_password": "signed in only",
    "account_set_password": "signed in only",
    "mfa_index": "signed in only",
    "mfa_authenticate": "only during a sign-in (second factor)",
    "mfa_reauthenticate": "signed in only",
    "mfa_activate_totp": "signed in only",
    "mfa_deactivate_totp": "signed in only",
    "mfa_view_recovery_codes": "signed in only",
    "mfa_generate_recovery_codes": "signed in only",
    "mfa_download_recovery_codes": "signed in only (a text file)",
    "usersessions_list": "signed in only",
}

LANGUAGES = ["", "/zh-hant", "/en"]


def _url_names() -> set[str]:
    """Every named URL of the site outside the admin."""
    found: set[str] = set()

    def walk(patterns: list[Any], namespaces: tuple[str, ...]) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin":
                    continue
                ns = (*namespaces, entry.namespace) if entry.namespace else namespaces
                walk(entry.url_patterns, ns)
            elif isinstance(entry, URLPattern) and entry.name:
                found.add(":".join((*namespaces, entry.name)))

    walk(get_resolver().url_patterns, ())
    return found


def _private() -> set[str]:
    from tests.security.test_authorization import RULES

    return set(RULES)


@pytest.mark.django_db(transaction=False)
def test_every_public_html_url_is_covered():
    uncovered = sorted(_url_names() - _private() - set(PUBLIC_PAGES) - set(NOT_PAGES))
    assert not uncovered, (
        "URLs that are neither private (tests/security/test_authorization.py), nor in "
        f"PUBLIC_PAGES, nor in NOT_PAGES of tests/browser/test_access.py: {uncovered}"
    )
    stale = sorted((set(PUBLIC_PAGES) | set(NOT_PAGES)) - _url_names())
    assert not stale, f"no such URL: {stale}"
    assert not set(PUBLIC_PAGES) & set(NOT_PAGES)


@pytest.mark.django_db(transaction=False)
def test_urls_that_are_no_page_answer_no_page_to_a_visitor():
    """What NOT_PAGES says, checked for the URLs without arguments: a visitor never gets
    a 200 HTML page there (a page filed there by mistake would escape the axe checks)."""
    client = Client()
    wrong = []
    for name in sorted(NOT_PAGES):
        try:
            path = reverse(name)
        except NoReverseMatch:  # needs arguments
            continue
        response = client.get(path)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            wrong.append(path)
    assert wrong == []


@pytest.fixture
def content(db) -> dict[str, Any]:
    """One of everything a public page shows, so no page is tested empty."""
    from apps.learning.card import card_token
    from apps.legalservices.models import ImpersonationAlert, Programme, ProgrammeEdition
    from apps.legalservices.services.help import consultation_submit, slot_book
    from apps.legalservices.services.mediation import mediation_request_submit
    from apps.members.models import District
    from apps.partyorg.models import Honor, HonorKind, HonorLevel
    from tests.complaints.factories import ComplaintFactory
    from tests.events.factories import EventFactory
    from tests.legalservices.factories import EventSlotFactory, OverseasOfficeFactory
    from tests.members.factories import LawFirmFactory, LawyerFactory, MembershipFactory
    from tests.partyorg.factories import member_in, own_branch
    from tests.partyorg.factories import sector as make_sector

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
    rule = RuleVersionFactory(rule__title="上海市律师协会律师执业行为规范").rule
    issue = MagazineIssueFactory()
    GuideFactory(title="进博会法律服务指南")

    # The register, the figures and the party pages' charts.
    firm = LawFirmFactory(name="上海衡正律师事务所")
    MembershipFactory(lawyer=None, firm=firm)
    lawyers = [LawyerFactory(firm=firm, name=name) for name in ("张伟", "王芳", "李娜")]
    for lawyer in lawyers:
        MembershipFactory(lawyer=lawyer)
    office = OverseasOfficeFactory(firm=firm, name="申衡新加坡办公室")
    sector = make_sector()
    branch = own_branch(sector, firm=firm, name="上海衡正律师事务所党支部")
    for _ in range(2):
        member_in(branch)
    Honor.objects.create(
        level=HonorLevel.MUNICIPAL,
        kind=HonorKind.ADVANCED_ORGANIZATION,
        title="先进基层党组织",
        year=2025,
        awarded_by="中共上海市委",
        organization=branch,
    )

    # Legal help: an event with a slot, requests as their senders see them.
    slot = EventSlotFactory(event__title="3·15 消费者权益保护公益咨询")
    booking = slot_book(slot_id=slot.pk, name="王先生", phone="13800001234")
    consultation = consultation_submit(
        data={
            "topic": "labour",
            "description": "公司拖欠三个月工资，想知道怎么申请劳动仲裁。",
            "district": District.objects.get(code="310106"),
            "name": "刘女士",
            "contact_method": "email",
            "phone": "",
            "email": "liu@example.cn",
        }
    )
    mediation = mediation_request_submit(
        data={
            "name": "陈先生",
            "phone": "13900001111",
            "other_party": "某装修公司",
            "dispute": "装修工期延误三个月，协商赔偿未果。",
        }
    )
    programme = Programme.objects.create(
        slug="ciie",
        name="进博会法律服务志愿团",
        summary="为进博会参展商提供法律咨询。",
        started_year=2018,
    )
    ProgrammeEdition.objects.create(programme=programme, year=2025, summary="志愿律师120名。")
    ImpersonationAlert.objects.create(
        kind="website",
        name="某某法律咨询网",
        claimed_as="上海申衡律师事务所",
        website="shenheng-law.example",
        description="冒用律所名义收取代理费。",
        published_on=dt.date(2026, 3, 1),
    )
    EventFactory(title="律师心理健康讲座")
    return {
        "article": article,
        "topic": topic,
        "rule": rule,
        "issue": issue,
        "firm": firm,
        "lawyer": lawyers[0],
        "office": office,
        "card": card_token(lawyer=lawyers[0]),
        "complaint": ComplaintFactory(),
        "help_event": slot.event,
        "booking": booking,
        "consultation": consultation,
        "mediation": mediation,
        "programme": programme,
    }


def _path(name: str, data: dict[str, Any]) -> str:
    path = PUBLIC_PAGES[name].path
    return path(data) if callable(path) else path


def test_public_pages_are_the_urls_they_name(content):
    for name in PUBLIC_PAGES:
        assert resolve(urlsplit(_path(name, content)).path).view_name == name


def _context(browser: Browser, live_server, *, width: int, elder: bool = False) -> BrowserContext:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    if elder:
        context.add_cookies([{"name": ELDER_COOKIE, "value": "1", "url": live_server.url}])
    return context


def _session(context: BrowserContext, live_server, data: dict[str, Any]) -> None:
    """A fresh anonymous session holding ``data`` for this browser."""
    store = SessionStore()
    store.update(data)
    store.save()
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": live_server.url}]
    )


def _go(page: Page, live_server, path: str, *, wait: str = "load") -> None:
    response = page.goto(live_server.url + path, wait_until=wait)  # type: ignore[arg-type]
    assert response is not None
    assert response.status == 200, f"{path} answered {response.status}"
    if page.locator("[data-stats-chart], [data-party-chart], #overseas-map").count():
        page.wait_for_load_state("networkidle")  # charts draw from fetched data/scripts


def _open(context: BrowserContext, live_server, path: str) -> Page:
    page = context.new_page()
    _go(page, live_server, path, wait="networkidle")
    return page


def _blocking(page: Page, *, aaa: bool = False) -> list[str]:
    options = {"rules": {"color-contrast-enhanced": {"enabled": True}}} if aaa else None
    results = Axe().run(page, options=options)
    width = page.viewport_size["width"] if page.viewport_size else 0
    return [
        f"{page.url} @{width} {violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
        or (aaa and violation["id"] == "color-contrast-enhanced")
    ]


def _resize(page: Page, width: int) -> None:
    """Narrow the window as a person would; the page's resize handlers (charts) have run
    by the second animation frame."""
    page.set_viewport_size({"width": width, "height": 900})
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")


def _overflow(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


# The innermost elements that stick out on the right (to name the cause of a scroll).
WIDE = """() => [...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1
    && !el.closest('.table-wrap, svg, canvas, .visually-hidden'))
  .filter((el, _i, all) => !all.some((other) => other !== el && el.contains(other)))
  .slice(0, 3).map((el) => `${el.tagName.toLowerCase()}.${el.className.baseVal ?? el.className}`)"""


def _sideways(page: Page, width: int) -> list[str]:
    extra = _overflow(page)
    if extra <= 0:
        return []
    return [f"{page.url} @{width}: {extra} px sideways scroll ({page.evaluate(WIDE)})"]


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _name(path: str) -> str:
    return path.strip("/").replace("/", "_").replace("?", "_").replace("=", "_") or "home"


# Text smaller than 18 px (chart labels included), and standalone targets smaller than
# 44 × 44, in elder mode.
ELDER_AUDIT = """() => {
  const small = [], tiny = [];
  const visible = (el) => {
    const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none"
      && !el.closest(".visually-hidden, [hidden], [aria-hidden=true]");
  };
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (own && visible(el) && size < 17.9) {
      small.push(`${el.tagName.toLowerCase()}.${el.className.baseVal ?? el.className} ${size}px`);
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

HEADINGS = """() => ({
  h1: document.querySelectorAll('h1').length,
  main: document.querySelectorAll('main').length,
  banner: document.querySelectorAll('body > header').length,
  contentinfo: document.querySelectorAll('body > footer').length,
  levels: [...document.querySelectorAll('main h1, main h2, main h3, main h4')]
    .map((h) => +h.tagName[1]),
})"""


def _headings(page: Page, path: str) -> list[str]:
    outline = page.evaluate(HEADINGS)
    problems = []
    landmarks = (outline["h1"], outline["main"], outline["banner"], outline["contentinfo"])
    if landmarks != (1, 1, 1, 1):
        problems.append(f"{path}: landmarks/h1 {outline}")
    levels = outline["levels"]
    skips = [b for a, b in itertools.pairwise(levels) if b > a + 1]
    if not levels or levels[0] != 1 or skips:
        problems.append(f"{path}: heading levels {levels}")
    return problems


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
@pytest.mark.parametrize("language", LANGUAGES, ids=["zh-hans", "zh-hant", "en"])
def test_every_public_page_passes_axe_at_1280_and_375_px(
    browser, live_server, content, language, elder
):
    """See the module docstring for the matrix: this case is one language in one mode."""
    problems: list[str] = []
    context = _context(browser, live_server, width=1280, elder=elder)
    page = context.new_page()
    for name, public in PUBLIC_PAGES.items():
        if language and not public.translated:
            continue
        path = _path(name, content)
        if public.session:
            _session(context, live_server, public.session(content))
        page.set_viewport_size({"width": 1280, "height": 900})
        _go(page, live_server, language + path)
        if elder:
            assert page.evaluate("document.documentElement.classList.contains('elder')")
        if not language and not elder:
            problems += _headings(page, path)
        for width in (1280, 640, 375, 320):
            _resize(page, width)
            problems += _sideways(page, width)
            if width in (640, 320):
                continue
            problems += _blocking(page, aaa=elder)
            if elder:
                audit = page.evaluate(ELDER_AUDIT)
                problems += [f"{page.url} @{width} text under 18 px: {i}" for i in audit["small"]]
                problems += [f"{page.url} @{width} target under 44 px: {i}" for i in audit["tiny"]]
        if (elder and not language) or (language == "/zh-hant" and not elder):
            page.set_viewport_size({"width": 375, "height": 900})
            _shot(page, f"{'elder' if elder else 'hant'}-{_name(path)}")
    context.close()
    assert problems == [], "\n".join(problems)


# Every font size an ECharts chart on the page was given (read back from the chart).
CHART_TEXT = """() => [...document.querySelectorAll(
    '[data-stats-chart].is-drawn, [data-party-chart].is-drawn, #overseas-map.is-ready')]
  .map((el) => {
    const o = echarts.getInstanceByDom(el).getOption();
    const sizes = [];
    const add = (where, style) => sizes.push([where, style ? style.fontSize : null]);
    add("text", o.textStyle);
    for (const key of ["xAxis", "yAxis"]) (o[key] || []).forEach((a) => add(key, a.axisLabel));
    (o.legend || []).forEach((l) => add("legend", l.textStyle));
    (o.tooltip || []).forEach((t) => add("tooltip", t.textStyle));
    (o.title || []).forEach((t) => add("title", t.textStyle));
    (o.series || []).forEach((s) => add(`${s.type} label`, s.label));
    return {chart: el.dataset.statsChart || el.dataset.partyChart || el.id, sizes};
  })"""


@pytest.mark.parametrize("path", ["/stats/", "/party/", "/overseas/"])
def test_chart_text_is_at_least_18_px_in_elder_mode(browser, live_server, content, path):
    elder = _open(_context(browser, live_server, width=375, elder=True), live_server, path)
    draw_every_chart(elder)  # /stats/ and /party/ draw a chart when it nears the screen
    charts = elder.evaluate(CHART_TEXT)
    assert charts, f"no chart drawn on {path}"
    small = [
        (chart["chart"], where, size)
        for chart in charts
        for where, size in chart["sizes"]
        if size is None or size < 18
    ]
    assert small == []

    # Standard mode keeps ECharts' own, smaller sizes: the change comes from elder mode.
    standard = _open(_context(browser, live_server, width=375), live_server, path)
    draw_every_chart(standard)
    sizes = [size for chart in standard.evaluate(CHART_TEXT) for _, size in chart["sizes"]]
    assert any(size is not None and size < 18 for size in sizes)


def test_elder_mode_switch_works_without_javascript(browser, live_server, content):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + content["article"].get_absolute_url())
    page.get_by_role("link", name="长辈模式").click()
    page.wait_for_load_state()
    assert page.url == live_server.url + content["article"].get_absolute_url()
    assert page.evaluate("document.documentElement.className") == "elder"
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 18
    page.get_by_role("link", name="退出长辈模式").click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.className") == ""
    context.close()


def test_article_prints_the_qr_code_source_and_url(browser, live_server, content):
    context = _context(browser, live_server, width=1280)
    page = _open(context, live_server, content["article"].get_absolute_url())
    page.emulate_media(media="print")
    assert page.locator(".share-qr img").is_visible()
    assert page.locator(".share-qr-url").is_visible()
    assert not page.locator(".site-nav").is_visible()
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")
    context.close()


def test_article_body_lines_stay_within_about_40_characters(browser, live_server, content):
    context = _context(browser, live_server, width=1600)
    page = _open(context, live_server, content["article"].get_absolute_url())
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
    _tab_until(page, f'main a[href="{content["article"].get_absolute_url()}"]', limit=120)
    page.keyboard.press("Enter")
    page.wait_for_url("**" + content["article"].get_absolute_url())
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

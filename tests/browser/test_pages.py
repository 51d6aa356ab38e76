"""Every main public page, and the member portal as a signed-in lawyer, on a phone (375 px):
no console errors or failed requests, no serious/critical axe violations, no sideways
scrolling. The pages are filled with the small demo data set (`seed_demo --scale small`),
so they show what a visitor really sees: channels with sub-channels, topics with banners,
rules with versions, magazine issues, guides, members-only articles.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.management import call_command

from apps.members.models import Lawyer, LawyerStatus
from apps.news.models import Article, MagazineIssue, Rule, Topic
from tests.accounts.factories import UserFactory
from tests.browser.conftest import (
    assert_accessible,
    assert_clean,
    assert_no_horizontal_overflow,
)
from tests.members.factories import FirmAdministratorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 375


def _article(visibility: str) -> str:
    article = (
        Article.objects.published()
        .filter(visibility=visibility)
        .order_by("-publish_at", "-pk")
        .first()
    )
    assert article is not None, f"the demo data has no published {visibility} article"
    return article.get_absolute_url()


def _first(model) -> str:
    obj = model.objects.order_by("pk").first()
    assert obj is not None, f"the demo data has no {model.__name__}"
    return obj.get_absolute_url()


# (test id, path or a function returning the path once the demo data exists)
PUBLIC_PAGES: list[tuple[str, str | Callable[[], str]]] = [
    ("news-index", "/news/"),
    ("channel", "/news/notices/"),
    ("sub-channel", "/news/lawyer-culture/profiles/"),
    ("article", lambda: _article(Article.Visibility.PUBLIC)),
    ("members-only-article", lambda: _article(Article.Visibility.MEMBERS)),
    ("topics", "/topics/"),
    ("topic", lambda: _first(Topic)),
    ("search", "/search/?q=进博会"),
    ("search-no-words", "/search/?q=%21%21%21"),
    ("rules", "/news/rules/"),
    ("rule", lambda: _first(Rule)),
    ("magazine", "/news/magazine/"),
    ("magazine-issue", lambda: _first(MagazineIssue)),
    ("guides", "/news/guides/"),
    ("login", "/accounts/login/"),
    ("signup", "/accounts/signup/"),
    ("english-news-index", "/en/news/"),
    ("english-article", lambda: "/en" + _article(Article.Visibility.PUBLIC)),
]

PORTAL_PAGES: list[tuple[str, str | Callable[[Lawyer], str]]] = [
    ("portal", "/portal/"),
    ("notifications", "/notifications/"),
    ("contribute", "/news/contribute/"),
    ("my-contributions", "/news/contribute/mine/"),
    ("firm", lambda lawyer: f"/portal/firms/{lawyer.firm_id}/"),
    ("firm-roster", lambda lawyer: f"/portal/firms/{lawyer.firm_id}/roster/"),
    ("firm-dues", lambda lawyer: f"/portal/firms/{lawyer.firm_id}/dues/"),
    ("english-portal", "/en/portal/"),
]


@pytest.fixture
def demo_data(transactional_db) -> None:
    # Seeding takes most of this module's time (8–25 s by machine), so it happens once
    # per group of pages below, not once per page.
    call_command("seed_demo", scale="small", stdout=None)


@pytest.fixture
def lawyer_in_demo_firm(demo_data) -> Lawyer:
    """A practising demo lawyer with a portal account who also administers their firm
    (so the firm pages, with a full roster and dues, are theirs to see)."""
    lawyer = (
        Lawyer.objects.filter(status=LawyerStatus.PRACTISING, firm__isnull=False, user=None)
        .order_by("pk")
        .first()
    )
    assert lawyer is not None
    lawyer.user = UserFactory(email="page-check@example.cn", name=lawyer.name, verified=True)
    lawyer.save(update_fields=["user"])
    FirmAdministratorFactory(firm=lawyer.firm, lawyer=lawyer)
    return lawyer


def _problems(page) -> list[str]:
    """Everything wrong with one page, as messages (empty when it passes every check)."""
    problems: list[str] = []
    for check in (assert_clean, assert_accessible, assert_no_horizontal_overflow):
        try:
            check(page)
        except AssertionError as error:
            problems.append(str(error))
    headings = page.locator("main h1").count()
    if headings != 1:
        problems.append(f"{headings} <h1> in <main>, expected 1")
    return problems


def _check_all(pages: dict[str, Callable[[], object]]) -> None:
    """Open and check every page, then fail once naming every page that failed (so one
    broken page does not hide the others)."""
    failures: dict[str, list[str]] = {}
    for name, open_ in pages.items():
        try:
            page = open_()
        except AssertionError as error:  # the page did not load with the expected status
            problems = [str(error)]
        else:
            problems = _problems(page)
            page.context.close()
        if problems:
            failures[name] = problems
    report = "\n\n".join(f"{name}:\n" + "\n".join(found) for name, found in failures.items())
    assert failures == {}, report


def test_public_pages_are_clean_accessible_and_fit_a_phone(demo_data, open_page):
    def opener(path: str | Callable[[], str]) -> Callable[[], object]:
        return lambda: open_page(path() if callable(path) else path, width=PHONE)

    _check_all({name: opener(path) for name, path in PUBLIC_PAGES})


def test_portal_pages_are_clean_accessible_and_fit_a_phone(lawyer_in_demo_firm, open_page):
    def opener(path: str | Callable[[Lawyer], str]) -> Callable[[], object]:
        def open_() -> object:
            url = path(lawyer_in_demo_firm) if callable(path) else path
            page = open_page(url, width=PHONE, user=lawyer_in_demo_firm.user)
            assert page.url.endswith(url), f"sent to {page.url} (not signed in?)"
            return page

        return open_

    _check_all({name: opener(path) for name, path in PORTAL_PAGES})

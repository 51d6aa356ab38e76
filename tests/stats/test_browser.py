"""/stats/ and a report job page in a real browser: charts drawn from the tables (each when
it nears the screen), clean, accessible (axe), fits a phone; the progress bar updates
without a reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.stats.models import ReportKind, ReportRun, RunStatus
from apps.stats.services.reports import report_run_execute, report_run_request
from tests.browser.charts import DRAWN, draw_every_chart
from tests.browser.conftest import (  # noqa: F401 - fixtures
    assert_accessible,
    assert_clean,
    assert_no_horizontal_overflow,
    browser,
    open_page,
)
from tests.legalservices.factories import OverseasOfficeFactory
from tests.members.factories import LawFirmFactory, LawyerFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [375, 1280])
def test_stats_page_draws_its_charts_and_is_accessible(open_page, width):  # noqa: F811
    _some_members()
    page = open_page("/stats/", width=width)
    drawn = draw_every_chart(page)
    assert_clean(page)
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    assert page.locator("main h1").count() == 1
    tables = page.locator("figure.stats-figure table").count()
    assert tables >= 10
    # every figure with rows has its chart drawn (SVG) beside its table
    assert drawn == tables
    assert page.locator(".stats-chart.is-drawn svg").count() == tables


def test_a_chart_far_below_the_fold_is_drawn_only_once_scrolled_to(open_page):  # noqa: F811
    _some_members()
    page = open_page("/stats/", width=375, height=800)
    last = page.locator(".stats-chart").last
    assert last.evaluate("(el) => el.getBoundingClientRect().top") > 3 * 800
    # the first chart, on the first screen, is drawn; a frame and a task later the last is not
    expect(page.locator(".stats-chart").first).to_have_class(DRAWN)
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100)))")
    expect(last).not_to_have_class(DRAWN)
    assert last.locator("svg").count() == 0
    # the table beside it holds the data all along
    table = page.locator("#" + last.get_attribute("data-table"))
    assert table.locator("tbody tr").count() > 0

    last.scroll_into_view_if_needed()
    expect(last).to_have_class(DRAWN)
    expect(last.locator("svg")).to_have_count(1)
    assert_clean(page)


# Sum of the page's layout shifts so far (Chromium's Layout Instability API).
LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 200);
})"""


def test_drawing_a_chart_moves_nothing_on_the_page(open_page):  # noqa: F811
    _some_members()
    page = open_page("/stats/", width=375, height=800)
    first = page.locator(".stats-chart").first
    table = page.locator("#" + first.get_attribute("data-table"))
    expect(first).to_have_class(DRAWN)
    below_before = table.bounding_box()["y"]
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100)))")
    assert table.bounding_box()["y"] == below_before
    assert page.evaluate(LAYOUT_SHIFT) < 0.01


def _some_members() -> None:
    firm = LawFirmFactory()
    MembershipFactory(lawyer=None, firm=firm)
    for _ in range(4):
        MembershipFactory(lawyer=LawyerFactory(firm=firm))
    OverseasOfficeFactory(firm=firm)


def test_report_progress_updates_without_reload(open_page, staff_user):  # noqa: F811
    user = staff_user(Role.REPORTS)
    run, _ = report_run_request(
        actor=user, kind=ReportKind.DUES, params={"year": 2026}, enqueue=False
    )
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=35)
    page = open_page(f"/stats/reports/{run.pk}/", user=user)
    assert page.locator("progress").get_attribute("value") == "35"
    page.evaluate("window.__marker = 1")  # gone if the page reloads
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.QUEUED)
    report_run_execute(run_id=run.pk)
    page.wait_for_selector("text=下载 PDF 报告", timeout=8000)
    assert page.evaluate("window.__marker") == 1
    assert page.locator("progress").get_attribute("value") == "100"
    assert_accessible(page)

"""/stats/ and a report job page in a real browser: charts drawn from the tables, clean,
accessible (axe), fits a phone; the progress bar updates without a reload."""

from __future__ import annotations

import pytest

from apps.accounts.roles import Role
from apps.stats.models import ReportKind, ReportRun, RunStatus
from apps.stats.services.reports import report_run_execute, report_run_request
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
    firm = LawFirmFactory()
    MembershipFactory(lawyer=None, firm=firm)
    for _ in range(4):
        MembershipFactory(lawyer=LawyerFactory(firm=firm))
    OverseasOfficeFactory(firm=firm)
    page = open_page("/stats/", width=width)
    assert_clean(page)
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    assert page.locator("main h1").count() == 1
    tables = page.locator("figure.stats-figure table").count()
    assert tables >= 10
    # every figure with rows has its chart drawn (SVG) beside its table
    assert page.locator(".stats-chart.is-drawn svg").count() == tables


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

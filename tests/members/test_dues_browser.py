"""The dues pages in a real browser: the lawyer's statement and the firm administrator's
dues page at phone and desktop width — axe clean, no sideways scroll; on a phone the
invoices are stacked cards that still read as a table (headers) to screen readers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.members.models import PaymentMethod
from apps.members.services import dues_payment_record
from tests.browser import conftest as browser_fixtures
from tests.browser.conftest import (
    assert_accessible,
    assert_clean,
    assert_no_horizontal_overflow,
)
from tests.members.factories import DuesInvoiceFactory

browser = browser_fixtures.browser
open_page = browser_fixtures.open_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dues(lawyer, firm, member_services):
    """Two years for the lawyer (one part-paid with a long basis) and one for the firm."""
    for year, paid in ((2025, ["2400.00"]), (2026, ["1000.00"])):
        invoice = DuesInvoiceFactory(
            lawyer=lawyer,
            year=year,
            number=f"{year}-P0000079",
            amount=Decimal("2400.00"),
            basis="首次执业第二年度减半后按专职律师标准全额计收（示例计费依据）",
            issued_on=dt.date(year, 7, 10),
            due_date=dt.date(year, 9, 30),
        )
        for amount in paid:
            dues_payment_record(
                invoice=invoice,
                amount=Decimal(amount),
                method=PaymentMethod.BANK_TRANSFER,
                reference="6222020200112233445566",
                actor=member_services,
            )
    DuesInvoiceFactory(
        lawyer=None,
        firm=firm,
        year=2026,
        number="2026-F0000001",
        amount=Decimal("30000.00"),
        issued_on=dt.date(2026, 7, 10),
        due_date=dt.date(2026, 9, 30),
    )


@pytest.mark.parametrize("width", [375, 1280])
def test_lawyer_dues_statement(open_page, lawyer, dues, width, tmp_path):
    page = open_page(reverse("members:dues"), width=width, user=lawyer.user)
    assert_clean(page)
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    table = page.locator("table.table-stack")
    # Still a table with its column headers for assistive technology at every width.
    assert page.get_by_role("columnheader", name="应缴（元）").count() == 1
    assert page.get_by_role("row").count() == 3
    wrap = page.locator(".table-wrap").first
    scrolls = wrap.evaluate("el => el.scrollWidth > el.clientWidth")
    assert not scrolls, "the dues table scrolls sideways"
    if width == 375:
        # Stacked: each cell carries its column's name, the header row is not shown.
        assert table.locator("thead").bounding_box()["height"] <= 1
        label = table.locator("td").first.evaluate("el => getComputedStyle(el, '::before').content")
        assert "会费年度" in label
    page.screenshot(path=tmp_path / f"dues_statement_{width}.png", full_page=True)


@pytest.mark.parametrize("width", [375, 1280])
def test_firm_administrator_dues_page(open_page, firm, firm_admin, dues, width, tmp_path):
    path = reverse("members:firm_dues", args=[firm.pk])
    page = open_page(path, width=width, user=firm_admin.user)
    assert_clean(page)
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    assert page.get_by_text("2026-F0000001").count() == 1
    wrap = page.locator(".table-wrap").first
    assert not wrap.evaluate("el => el.scrollWidth > el.clientWidth")
    page.screenshot(path=tmp_path / f"firm_dues_{width}.png", full_page=True)

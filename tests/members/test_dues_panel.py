"""The dues panel on the portal home: this fee year (1 July – 30 June), owed and paid."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.members.models import PaymentMethod
from apps.members.selectors import lawyer_fee_year_dues
from apps.members.services import dues_payment_record
from apps.members.services.dues_rules import fee_year_of
from tests.members.factories import DuesInvoiceFactory

pytestmark = pytest.mark.django_db


def _invoice(lawyer, year, **kwargs):
    return DuesInvoiceFactory(
        lawyer=lawyer,
        year=year,
        issued_on=dt.date(year, 7, 10),
        due_date=kwargs.pop("due_date", dt.date(year, 9, 30)),
        **kwargs,
    )


@pytest.mark.parametrize(
    ("today", "fee_year"),
    [
        (dt.date(2026, 6, 30), 2025),
        (dt.date(2026, 7, 1), 2026),
        (dt.date(2027, 1, 15), 2026),
    ],
)
def test_panel_follows_the_fee_year(lawyer, today, fee_year):
    _invoice(lawyer, fee_year, amount=Decimal("1500.00"))
    _invoice(lawyer, fee_year - 1, amount=Decimal("999.00"))
    dues = lawyer_fee_year_dues(lawyer_id=lawyer.pk, today=today)
    assert dues.year == fee_year
    assert dues.label == f"{fee_year}–{fee_year + 1}"
    assert dues.amount == Decimal("1500.00")


@pytest.mark.parametrize(
    ("amount", "paid", "due_in_days", "status", "owed"),
    [
        ("2000.00", [], 10, "unpaid", "2000.00"),
        ("2000.00", [], -1, "overdue", "2000.00"),
        ("2000.00", ["800.00"], 10, "unpaid", "1200.00"),
        ("2000.00", ["800.00", "1200.00"], -30, "paid", "0.00"),
        ("0.00", [], 10, "exempt", "0.00"),
    ],
)
def test_panel_status_owed_and_paid(
    lawyer, member_services, amount, paid, due_in_days, status, owed
):
    today = timezone.localdate()
    year = fee_year_of(today)
    invoice = DuesInvoiceFactory(
        lawyer=lawyer,
        year=year,
        amount=Decimal(amount),
        issued_on=today - dt.timedelta(days=60),
        due_date=today + dt.timedelta(days=due_in_days),
    )
    for part in paid:
        dues_payment_record(
            invoice=invoice,
            amount=Decimal(part),
            method=PaymentMethod.BANK_TRANSFER,
            actor=member_services,
        )
    dues = lawyer_fee_year_dues(lawyer_id=lawyer.pk)
    assert dues.status == status
    assert dues.owed == Decimal(owed)
    assert dues.paid == sum((Decimal(p) for p in paid), Decimal("0.00"))


def test_no_invoice_yet(lawyer):
    dues = lawyer_fee_year_dues(lawyer_id=lawyer.pk)
    assert dues.status == "none"
    assert dues.owed == 0


def test_portal_home_shows_the_panel_with_a_link_to_the_statement(client, lawyer, member_services):
    today = timezone.localdate()
    year = fee_year_of(today)
    invoice = _invoice(lawyer, year, amount=Decimal("2400.00"), due_date=today + dt.timedelta(5))
    dues_payment_record(
        invoice=invoice, amount=Decimal("400.00"), method="cash", actor=member_services
    )
    client.force_login(lawyer.user)
    body = client.get(reverse("members:home")).content.decode()
    assert f"{year}–{year + 1} 年度会费待缴" in body
    for amount in ("2400.00", "400.00", "2000.00"):  # due, paid, owed
        assert amount in body
    assert f'href="{reverse("members:dues")}"' in body


def test_panel_shows_only_my_dues(client, lawyer, colleague):
    year = fee_year_of(timezone.localdate())
    _invoice(colleague, year, amount=Decimal("7777.00"))
    client.force_login(lawyer.user)
    body = client.get(reverse("members:home")).content.decode()
    assert "7777.00" not in body
    assert "缴费单尚未开具" in body


def test_panel_costs_one_query(rf, lawyer, django_assert_num_queries):
    from apps.core.panels import panels

    panel = next(p for p in panels("portal.home") if p.key == "members.dues")
    _invoice(lawyer, fee_year_of(timezone.localdate()))
    with django_assert_num_queries(1):
        context = panel.context(rf.get("/"), lawyer)
    assert context["dues"].invoice is not None

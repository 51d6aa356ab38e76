"""Dues: issuing a fee year from the scale (idempotent run), payments, reminders, receipts."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from apps.accounts.roles import Role
from apps.core.exceptions import DomainError
from apps.members.models import (
    DuesInvoice,
    DuesIssueRun,
    DuesPayment,
    DuesReminder,
    LawyerCategory,
    LawyerStatus,
    PaymentMethod,
    RunStatus,
)
from apps.members.services import (
    dues_invoice_mark_paid,
    dues_issue_run_start,
    dues_payment_record,
    dues_reminders_send,
    dues_year_issue,
)
from apps.members.services.dues_rules import fee_year_of
from apps.notifications.models import Notification

from .factories import (
    DuesInvoiceFactory,
    DuesScaleFactory,
    FirmAdministratorFactory,
    LawFirmFactory,
    LawyerFactory,
)

pytestmark = pytest.mark.django_db

YEAR = 2026


@pytest.fixture
def scale(db):
    DuesScaleFactory(fee_year=YEAR, lawyer_category=LawyerCategory.FULL_TIME, amount="2000")
    DuesScaleFactory(fee_year=YEAR, lawyer_category=LawyerCategory.PART_TIME, amount="1200")
    DuesScaleFactory(
        fee_year=YEAR, payer_kind="firm", lawyer_category="", firm_min_lawyers=1, amount="3000"
    )
    DuesScaleFactory(
        fee_year=YEAR, payer_kind="firm", lawyer_category="", firm_min_lawyers=3, amount="6000"
    )


def _invoice(lawyer=None, firm=None):
    return DuesInvoice.objects.get(year=YEAR, lawyer=lawyer, firm=firm)


# --- the yearly issue ------------------------------------------------------------------


def test_issue_prices_every_payer_from_the_scale(scale, member_services):
    firm = LawFirmFactory(founded=dt.date(2027, 1, 15))  # new firm, Q3 of the fee year: 2/4
    senior = LawyerFactory(firm=firm, first_licensed=dt.date(2010, 3, 1))
    second_year = LawyerFactory(firm=firm, first_licensed=dt.date(2025, 9, 1))
    first_year = LawyerFactory(firm=firm, first_licensed=dt.date(2026, 8, 1))
    part_time = LawyerFactory(
        firm=firm, category=LawyerCategory.PART_TIME, first_licensed=dt.date(2012, 5, 1)
    )
    suspended = LawyerFactory(firm=firm, status=LawyerStatus.SUSPENDED)

    result = dues_year_issue(fee_year=YEAR, actor=member_services)

    assert result.issued == 5
    assert result.skipped == 0
    assert _invoice(lawyer=senior).amount == Decimal("2000.00")
    assert _invoice(lawyer=second_year).amount == Decimal("1000.00")
    first = _invoice(lawyer=first_year)
    assert first.amount == Decimal("0.00")
    assert first.paid_at is not None
    assert _invoice(lawyer=part_time).amount == Decimal("1200.00")
    # 4 practising lawyers → the "3 or more" band, 6000, pro-rated to 2 quarters.
    assert _invoice(firm=firm).amount == Decimal("3000.00")
    assert "2/4" in _invoice(firm=firm).basis
    assert not DuesInvoice.objects.filter(lawyer=suspended).exists()


def test_running_the_issue_twice_issues_nothing_twice(scale, member_services, lawyer):
    first = dues_year_issue(fee_year=YEAR, actor=member_services)
    notified = Notification.objects.filter(key="members_dues_issued").count()
    LawyerFactory(firm=lawyer.firm)  # joined since the first run
    second = dues_year_issue(fee_year=YEAR, actor=member_services)

    assert first.issued == 2  # the lawyer and their firm
    assert second.issued == 1
    assert second.skipped == first.issued
    assert DuesInvoice.objects.filter(year=YEAR, lawyer=lawyer).count() == 1
    # Only the newcomer's invoice is announced on the second run (and has no account).
    assert Notification.objects.filter(key="members_dues_issued").count() == notified


def test_issue_notifies_the_lawyer_and_the_firms_administrators(scale, member_services, lawyer):
    admin = LawyerFactory(firm=lawyer.firm)
    from tests.conftest import _with_account

    _with_account(admin, "admin-dues@example.cn")
    FirmAdministratorFactory(firm=lawyer.firm, lawyer=admin)

    dues_year_issue(fee_year=YEAR, actor=member_services)

    to_lawyer = Notification.objects.get(recipient=lawyer.user, key="members_dues_issued")
    assert to_lawyer.context["number"] == _invoice(lawyer=lawyer).number
    firm_number = _invoice(firm=lawyer.firm).number
    assert Notification.objects.filter(
        recipient=admin.user, key="members_dues_issued", context__number=firm_number
    ).exists()


def test_issue_without_a_scale_is_refused_with_a_message(member_services):
    with pytest.raises(DomainError, match="会费标准"):
        dues_year_issue(fee_year=YEAR, actor=member_services)


@pytest.mark.parametrize("role", [Role.EDITOR, Role.REPORTS, Role.COMPLAINTS_OFFICER])
def test_only_member_services_may_issue(scale, staff_user, role, lawyer):
    with pytest.raises(PermissionDenied):
        dues_year_issue(fee_year=YEAR, actor=staff_user(role))
    with pytest.raises(PermissionDenied):
        dues_issue_run_start(fee_year=YEAR, actor=lawyer.user)
    assert not DuesInvoice.objects.exists()


def test_run_reports_progress_and_finishes(
    scale, member_services, lawyer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = dues_issue_run_start(fee_year=YEAR, actor=member_services)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.progress == 100
    assert run.issued == DuesInvoice.objects.filter(year=YEAR).count() > 0
    assert run.finished_at is not None


def test_second_run_while_one_is_active_is_refused(scale, member_services):
    DuesIssueRun.objects.create(
        fee_year=YEAR, due_date=dt.date(YEAR, 9, 30), requested_by=member_services
    )
    with pytest.raises(DomainError, match="正在进行"):
        dues_issue_run_start(fee_year=YEAR, actor=member_services)


# --- payments --------------------------------------------------------------------------


@pytest.fixture
def invoice(lawyer):
    return DuesInvoiceFactory(lawyer=lawyer, year=YEAR, amount=Decimal("2000.00"))


def test_partial_payments_add_up_and_settle_the_invoice(invoice, member_services):
    first = dues_payment_record(
        invoice=invoice,
        amount=Decimal("500"),
        method=PaymentMethod.CASH,
        reference="XJ-001",
        actor=member_services,
    )
    invoice.refresh_from_db()
    assert invoice.paid_at is None
    second = dues_payment_record(
        invoice=invoice,
        amount=Decimal("1500"),
        method=PaymentMethod.BANK_TRANSFER,
        reference="BT-9",
        actor=member_services,
    )
    invoice.refresh_from_db()
    assert invoice.paid_at is not None
    assert first.recorded_by == member_services
    assert first.recorded_at is not None
    assert [p.number for p in DuesPayment.objects.order_by("pk")] == [
        first.number,
        second.number,
    ]
    assert Notification.objects.filter(key="members_dues_paid").count() == 2


@pytest.mark.parametrize(
    ("amount", "message"),
    [("2000.01", "超过尚欠金额"), ("0", "大于零"), ("-5", "大于零")],
)
def test_bad_payment_amounts_are_refused(invoice, member_services, amount, message):
    with pytest.raises(DomainError, match=message):
        dues_payment_record(
            invoice=invoice,
            amount=Decimal(amount),
            method=PaymentMethod.CASH,
            actor=member_services,
        )
    assert not DuesPayment.objects.exists()


def test_payment_on_a_settled_invoice_is_refused(invoice, member_services):
    dues_invoice_mark_paid(invoice=invoice, actor=member_services)
    with pytest.raises(DomainError, match="已缴清"):
        dues_payment_record(
            invoice=invoice, amount=Decimal("1"), method=PaymentMethod.CASH, actor=member_services
        )


def test_mark_paid_records_the_outstanding_amount_with_the_actor(invoice, member_services):
    dues_payment_record(
        invoice=invoice, amount=Decimal("300"), method=PaymentMethod.CASH, actor=member_services
    )
    dues_invoice_mark_paid(invoice=invoice, actor=member_services)
    payments = list(DuesPayment.objects.order_by("pk"))
    assert [p.amount for p in payments] == [Decimal("300.00"), Decimal("1700.00")]
    assert {p.recorded_by for p in payments} == {member_services}


@pytest.mark.parametrize("persona", ["lawyer", "firm_admin"])
def test_members_cannot_record_payments(invoice, request, persona):
    user = request.getfixturevalue(persona).user
    with pytest.raises(PermissionDenied):
        dues_payment_record(
            invoice=invoice, amount=Decimal("1"), method=PaymentMethod.CASH, actor=user
        )


@pytest.mark.parametrize("role", [Role.EDITOR, Role.REPORTS, Role.PARTY_AFFAIRS])
def test_other_staff_cannot_record_payments(invoice, staff_user, role):
    with pytest.raises(PermissionDenied):
        dues_payment_record(
            invoice=invoice,
            amount=Decimal("1"),
            method=PaymentMethod.CASH,
            actor=staff_user(role),
        )


# --- reminders -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_to_due", "kind"),
    [(10, "before"), (14, "before"), (15, None), (0, None), (-6, None), (-7, "after")],
)
def test_reminders_before_and_after_the_due_date(lawyer, days_to_due, kind):
    today = dt.date(2026, 9, 20)
    due = today + dt.timedelta(days=days_to_due)
    DuesInvoiceFactory(lawyer=lawyer, year=YEAR, issued_on=dt.date(2026, 7, 1), due_date=due)
    sent = dues_reminders_send(today=today)
    assert sent == (1 if kind else 0)
    assert list(DuesReminder.objects.values_list("kind", flat=True)) == ([kind] if kind else [])
    # Running again the same day (or the next) reminds nobody twice.
    assert dues_reminders_send(today=today) == 0


def test_paid_invoices_get_no_reminder(lawyer, member_services):
    invoice = DuesInvoiceFactory(
        lawyer=lawyer, year=YEAR, issued_on=dt.date(2026, 7, 1), due_date=dt.date(2026, 9, 30)
    )
    dues_invoice_mark_paid(invoice=invoice, actor=member_services)
    assert dues_reminders_send(today=dt.date(2026, 10, 30)) == 0


# --- receipts and the portal -------------------------------------------------------------


def _pay(invoice, member_services, amount="2000"):
    return dues_payment_record(
        invoice=invoice,
        amount=Decimal(amount),
        method=PaymentMethod.BANK_TRANSFER,
        reference="招行流水 88",
        actor=member_services,
    )


def test_receipt_pdf_renders_chinese(client, invoice, lawyer, member_services):
    payment = _pay(invoice, member_services, "800")
    client.force_login(lawyer.user)
    response = client.get(reverse("members:dues_receipt", args=[payment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "会费收据" in text
    assert lawyer.name in text
    assert payment.number in text
    assert "1200.00" in text  # still owed after this payment


@pytest.mark.parametrize("persona", ["colleague", "outsider", "firm_admin"])
def test_other_lawyers_cannot_open_a_lawyers_receipt(
    client, request, invoice, member_services, persona
):
    payment = _pay(invoice, member_services)
    client.force_login(request.getfixturevalue(persona).user)
    assert client.get(reverse("members:dues_receipt", args=[payment.pk])).status_code == 404


def test_firm_receipt_is_for_the_firms_administrators(
    client, firm, firm_admin, colleague, outsider, member_services
):
    firm_invoice = DuesInvoiceFactory(lawyer=None, firm=firm, year=YEAR)
    payment = _pay(firm_invoice, member_services)
    url = reverse("members:dues_receipt", args=[payment.pk])
    client.force_login(firm_admin.user)
    assert client.get(url).status_code == 200
    for persona in (colleague, outsider):
        client.force_login(persona.user)
        assert client.get(url).status_code == 404


def test_receipt_needs_login(client, invoice, member_services):
    payment = _pay(invoice, member_services)
    response = client.get(reverse("members:dues_receipt", args=[payment.pk]))
    assert response.status_code == 302


def test_statement_shows_owed_paid_and_receipts(client, invoice, lawyer, outsider, member_services):
    payment = _pay(invoice, member_services, "500")
    client.force_login(lawyer.user)
    body = client.get(reverse("members:dues")).content.decode()
    assert invoice.number in body
    assert payment.number in body
    assert "1500.00" in body  # owed
    client.force_login(outsider.user)
    other = client.get(reverse("members:dues")).content.decode()
    assert invoice.number not in other


def _invoices_with_payments(lawyer, member_services, n):
    for i in range(n):
        inv = DuesInvoiceFactory(lawyer=lawyer, year=2000 + i)
        _pay(inv, member_services, "100")


@pytest.mark.parametrize("n", [2, 12])
def test_statement_query_budget_does_not_grow(
    client, lawyer, member_services, django_assert_max_num_queries, n
):
    _invoices_with_payments(lawyer, member_services, n)
    client.force_login(lawyer.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("members:dues"))
    assert response.status_code == 200
    assert response.content.decode().count("/dues/receipts/") >= n


@pytest.mark.parametrize("n", [2, 12])
def test_firm_dues_page_query_budget_does_not_grow(
    client, firm, firm_admin, member_services, django_assert_max_num_queries, n
):
    for i in range(n):
        inv = DuesInvoiceFactory(lawyer=None, firm=firm, year=2000 + i)
        _pay(inv, member_services, "100")
    client.force_login(firm_admin.user)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("members:firm_dues", args=[firm.pk]))
    assert response.status_code == 200


def test_portal_home_speaks_of_the_current_fee_year(client, lawyer):
    year = fee_year_of(timezone.localdate())
    DuesInvoiceFactory(lawyer=lawyer, year=year)
    client.force_login(lawyer.user)
    body = client.get(reverse("members:home")).content.decode()
    label = f"{year}–{year + 1}"  # the fee year runs 1 July – 30 June
    assert f"{label} 年度会费待缴" in body or f"{label} 年度会费已逾期" in body


# --- on a real worker --------------------------------------------------------------------


@pytest.mark.celery_worker
def test_issue_run_on_a_real_worker_twice_issues_once(celery_worker, member_services):
    from django.db import transaction

    from tests.celery_support import wait_for

    DuesScaleFactory(fee_year=YEAR, lawyer_category=LawyerCategory.FULL_TIME, amount="2000")
    DuesScaleFactory(
        fee_year=YEAR, payer_kind="firm", lawyer_category="", firm_min_lawyers=1, amount="3000"
    )
    firm = LawFirmFactory()
    LawyerFactory.create_batch(5, firm=firm)
    for expected_issued in (6, 0):
        with transaction.atomic():
            run = dues_issue_run_start(fee_year=YEAR, actor=member_services)
        done = wait_for(
            lambda pk=run.pk: DuesIssueRun.objects.filter(pk=pk, status=RunStatus.DONE).first(),
            timeout=60,
        )
        assert done.progress == 100
        assert done.issued == expected_issued
    assert DuesInvoice.objects.filter(year=YEAR).count() == 6

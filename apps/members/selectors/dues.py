"""Dues reads: a payer's statement (invoices with what was paid), receipts, staff lists.

Visibility (``apps.members.permissions``): a lawyer sees their own invoices and receipts;
a firm administrator the firm's; staff with ``members.view_duesinvoice`` every one.
Anything else is 404 — a receipt's id says nothing about whether it exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from apps.accounts.models import User

from ..models import DuesInvoice, DuesPayment, FirmAdministrator
from ..permissions import _active, can_view_all_dues

ZERO = Decimal("0.00")


def _with_payments(qs: QuerySet[DuesInvoice]) -> QuerySet[DuesInvoice]:
    return qs.annotate(paid_total=Coalesce(Sum("payments__amount"), ZERO)).prefetch_related(
        Prefetch("payments", queryset=DuesPayment.objects.order_by("recorded_at", "pk"))
    )


@dataclass(frozen=True)
class DuesStatement:
    invoices: list[DuesInvoice]

    # Each invoice carries ``paid_total`` (annotated by _with_payments).
    @property
    def owed(self) -> Decimal:
        return sum((i.amount - getattr(i, "paid_total", ZERO) for i in self.invoices), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((getattr(i, "paid_total", ZERO) for i in self.invoices), ZERO)


def lawyer_dues_statement_for_user(*, user: User) -> DuesStatement:
    """The signed-in lawyer's invoices, newest fee year first, with payments (2 queries)."""
    if not _active(user):
        return DuesStatement(invoices=[])
    qs = DuesInvoice.objects.filter(lawyer__user=user, lawyer__user__isnull=False)
    return DuesStatement(invoices=list(_with_payments(qs).order_by("-year")))


@dataclass(frozen=True)
class FeeYearDues:
    """A lawyer's dues for one fee year (1 July – 30 June), for the portal's dues panel."""

    year: int
    invoice: DuesInvoice | None
    today: dt.date

    @property
    def label(self) -> str:
        return f"{self.year}–{self.year + 1}"

    @property
    def amount(self) -> Decimal:
        return self.invoice.amount if self.invoice else ZERO

    @property
    def paid(self) -> Decimal:
        return getattr(self.invoice, "paid_total", ZERO) if self.invoice else ZERO

    @property
    def owed(self) -> Decimal:
        return max(self.amount - self.paid, ZERO)

    @property
    def status(self) -> str:
        """'none' (not issued), 'exempt' (nothing to pay), 'paid', 'overdue' or 'unpaid'."""
        if self.invoice is None:
            return "none"
        if self.invoice.amount == 0:
            return "exempt"
        if self.invoice.paid_at is not None or self.owed == 0:
            return "paid"
        return "overdue" if self.invoice.due_date < self.today else "unpaid"


def lawyer_fee_year_dues(*, lawyer_id: int, today: dt.date | None = None) -> FeeYearDues:
    """What ``lawyer_id`` owes and has paid for the fee year ``today`` falls in (1 query)."""
    from ..services.dues_rules import fee_year_of

    today = today or timezone.localdate()
    year = fee_year_of(today)
    invoice = (
        DuesInvoice.objects.filter(lawyer_id=lawyer_id, year=year)
        .annotate(paid_total=Coalesce(Sum("payments__amount"), ZERO))
        .first()
    )
    return FeeYearDues(year=year, invoice=invoice, today=today)


def firm_dues_statement(*, firm_id: int) -> DuesStatement:
    """A firm's own invoices with payments; the caller has checked the firm is visible."""
    qs = DuesInvoice.objects.filter(firm_id=firm_id)
    return DuesStatement(invoices=list(_with_payments(qs).order_by("-year")))


def _visible_invoices(user: User) -> Q | None:
    """Which invoices ``user`` may read (None: all of them)."""
    if can_view_all_dues(user):
        return None
    firm_ids = FirmAdministrator.objects.live().filter(lawyer__user=user).values("firm_id")
    return Q(lawyer__user=user, lawyer__user__isnull=False) | Q(firm_id__in=firm_ids)


def dues_payment_get_for_user(*, user: User, pk: int) -> DuesPayment:
    """One receipt, if ``user`` may read its invoice; 404 otherwise."""
    if not _active(user):
        raise Http404
    qs = DuesPayment.objects.select_related("invoice__lawyer__firm", "invoice__firm", "recorded_by")
    rule = _visible_invoices(user)
    if rule is not None:
        invoice_ids = DuesInvoice.objects.filter(rule).values("pk")
        qs = qs.filter(invoice_id__in=invoice_ids)
    payment = qs.filter(pk=pk).first()
    if payment is None:
        raise Http404
    return payment


def dues_invoice_get_for_user(*, user: User, pk: int) -> DuesInvoice:
    if not _active(user):
        raise Http404
    qs = DuesInvoice.objects.select_related("lawyer", "firm")
    rule = _visible_invoices(user)
    if rule is not None:
        qs = qs.filter(rule)
    invoice = _with_payments(qs).filter(pk=pk).first()
    if invoice is None:
        raise Http404
    return invoice


def dues_invoice_for_link(*, invoice_id: int) -> DuesInvoice:
    """The invoice a single-use dues link opened (the service checked and used the link;
    the link is the authority, no login), with its payer and payments: 3 queries."""
    qs = DuesInvoice.objects.select_related("lawyer", "firm").filter(pk=invoice_id)
    invoice = _with_payments(qs).first()
    if invoice is None:
        raise Http404
    return invoice

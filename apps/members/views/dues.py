"""The lawyer's dues statement (also from the reminder e-mail's signed link) and receipts
(a firm's are on the firm's dues page)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import selectors
from ..links import LINK_STATUS, LinkError, dues_link_read
from ..pdf import dues_receipt_pdf
from ..services.dues_rules import fee_year_of


def _statement(request: HttpRequest) -> HttpResponse:
    lawyer = selectors.lawyer_for_user(user=request.user)
    statement = selectors.lawyer_dues_statement_for_user(user=request.user)
    return render(
        request,
        "members/dues_statement.html",
        {
            "lawyer": lawyer,
            "statement": statement,
            "current_fee_year": fee_year_of(timezone.localdate()),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def dues_statement(request: HttpRequest) -> HttpResponse:
    return _statement(request)


@login_required
@require_GET
def dues_statement_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The signed link in a dues reminder: after login, the statement of the invoice's
    payer — for the account the e-mail went to only (404 for anyone else)."""
    try:
        link = dues_link_read(token)
    except LinkError as exc:
        return render(
            request,
            "members/dues_link_invalid.html",
            {"reason": exc.reason},
            status=LINK_STATUS[exc.reason],
        )
    invoice = selectors.dues_invoice_for_link(
        user=request.user, invoice_id=link.invoice_id, recipient_id=link.user_id
    )
    if invoice.firm_id is not None:
        return redirect("members:firm_dues", pk=invoice.firm_id)
    return _statement(request)


@login_required
@require_GET
def dues_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    payment = selectors.dues_payment_get_for_user(user=request.user, pk=pk)
    invoice = selectors.dues_invoice_get_for_user(user=request.user, pk=payment.invoice_id)
    earlier = [
        p.amount
        for p in invoice.payments.all()
        if (p.recorded_at, p.pk) < (payment.recorded_at, payment.pk)
    ]
    paid_before = sum(earlier, invoice.amount * 0)
    outstanding = invoice.amount - paid_before - payment.amount
    pdf = dues_receipt_pdf(payment=payment, paid_before=paid_before, outstanding=outstanding)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{payment.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response

"""The lawyer's dues statement (also from the reminder e-mail's signed link) and receipts
(a firm's are on the firm's dues page)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .. import selectors, services
from ..links import LINK_STATUS, LinkError
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


@never_cache
@require_http_methods(["GET", "POST"])
def dues_statement_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The single-use link in a dues reminder, no login needed (``apps.members.links``).

    GET only asks (mail scanners prefetch links and must not use them up); the POST uses
    the link and shows that one invoice's statement. Nothing here reveals more than the
    invoice the e-mail was about; the portal shows the whole history after login.
    """
    try:
        if request.method == "GET":
            services.dues_statement_link_check(token=token)
            response = render(request, "members/dues_link_confirm.html", {"token": token})
        else:
            link = services.dues_statement_link_use(token=token)
            invoice = selectors.dues_invoice_for_link(invoice_id=link.invoice_id)
            response = render(
                request,
                "members/dues_link_statement.html",
                {"invoice": invoice, "invoice_list": [invoice], "today": timezone.localdate()},
            )
    except LinkError as exc:
        response = render(
            request,
            "members/dues_link_invalid.html",
            {"reason": exc.reason},
            status=LINK_STATUS[exc.reason],
        )
    response["X-Robots-Tag"] = "noindex"
    return response


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

"""The member portal home: the lawyer's own record, dues and administered firms."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from apps.core.panels import panels_render

from .. import selectors
from ..services.dues_rules import fee_year_of


@login_required
@require_GET
def portal_home(request: HttpRequest) -> HttpResponse:
    lawyer = selectors.lawyer_for_user(user=request.user)
    if lawyer is None:
        # Staff and other accounts without a lawyer record: say where to go instead.
        return render(request, "members/portal_no_profile.html", {})
    invoices = list(selectors.lawyer_dues_list_for_user(user=request.user)[:5])
    return render(
        request,
        "members/portal_home.html",
        {
            "lawyer": lawyer,
            "invoices": invoices,
            "dues_status": selectors.dues_status(invoices=invoices),
            # The dues block speaks of the fee year (1 July – 30 June) the invoices carry.
            "current_year": fee_year_of(timezone.localdate()),
            "years_in_practice": selectors.years_in_practice(lawyer=lawyer),
            "administered_firms": list(selectors.firms_administered_by(user=request.user)),
            # What other apps add (CLE hours, events, bookings, complaints to answer, …).
            "panels": panels_render("portal.home", request, lawyer),
        },
    )

"""Firm portal pages: the record (administrators edit it), the roster, the dues."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.decorators import staff_powers
from apps.core.exceptions import DomainError

from .. import selectors
from ..forms import FirmContactForm, RosterFilterForm
from ..permissions import can_manage_firm
from ..services import firm_contact_update

ROSTER_PAGE_SIZE = 50


@staff_powers  # member services read every firm's pages, contacts included
@login_required
@require_http_methods(["GET", "POST"])
def firm_detail(request: HttpRequest, pk: int) -> HttpResponse:
    firm = selectors.firm_get_for_user(user=request.user, pk=pk)
    can_change = can_manage_firm(request.user, firm)
    status = 200
    if request.method == "POST":
        firm = selectors.firm_get_for_user(user=request.user, pk=pk, for_change=True)
        form = FirmContactForm(request.POST, instance=firm)
        if form.is_valid():
            try:
                firm_contact_update(firm=firm, data=form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("律所信息已更新。"))
                return redirect("members:firm_detail", pk=firm.pk)
        status = 400
    else:
        form = FirmContactForm(instance=firm)
    return render(
        request,
        "members/firm_detail.html",
        {"firm": firm, "form": form, "can_change": can_change, "section": "record"},
        status=status,
    )


@staff_powers  # member services read every firm's pages, contacts included
@login_required
@require_GET
def firm_roster(request: HttpRequest, pk: int) -> HttpResponse:
    firm = selectors.firm_get_for_user(user=request.user, pk=pk)
    filters = RosterFilterForm(request.GET)
    filters.is_valid()  # invalid values fall back to "no filter"
    lawyers = selectors.firm_roster_list_for_user(
        user=request.user,
        firm_pk=firm.pk,
        status=filters.cleaned_data.get("status") or "",
        query=filters.cleaned_data.get("q") or "",
    )
    page = Paginator(lawyers, ROSTER_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/firm_roster.html",
        {"firm": firm, "page_obj": page, "filters": filters, "section": "roster"},
    )


@staff_powers  # member services read every firm's pages, contacts included
@login_required
@require_GET
def firm_dues(request: HttpRequest, pk: int) -> HttpResponse:
    firm = selectors.firm_get_for_user(user=request.user, pk=pk)
    summary = selectors.firm_dues_for_user(user=request.user, firm_pk=firm.pk)
    return render(
        request,
        "members/firm_dues.html",
        {"firm": firm, "summary": summary, "section": "dues", "today": timezone.localdate()},
    )

"""Portal pages where firm administrators request roster changes (member services decide)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.decorators import staff_powers
from apps.core.exceptions import DomainError

from .. import selectors
from ..forms import RosterJoinForm, RosterLeaveForm
from ..models import RosterChangeKind
from ..permissions import can_manage_firm
from ..services import roster_change_cancel, roster_change_request

CHANGES_PAGE_SIZE = 25


@staff_powers  # member services read every firm's roster changes
@login_required
@require_GET
def firm_roster_changes(request: HttpRequest, pk: int) -> HttpResponse:
    changes = selectors.roster_change_list_for_user(user=request.user, firm_pk=pk)
    firm = selectors.firm_get_for_user(user=request.user, pk=pk)
    page = Paginator(changes, CHANGES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/firm_roster_changes.html",
        {
            "firm": firm,
            "page_obj": page,
            "can_change": can_manage_firm(request.user, firm),
            "section": "roster",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def firm_roster_join(request: HttpRequest, pk: int) -> HttpResponse:
    firm = selectors.firm_get_for_user(user=request.user, pk=pk, for_change=True)
    status = 200
    if request.method == "POST":
        form = RosterJoinForm(request.POST)
        if form.is_valid():
            try:
                roster_change_request(
                    firm=firm,
                    requested_by=request.user,
                    kind=RosterChangeKind.JOIN,
                    licence_no=form.cleaned_data["licence_no"],
                    name=form.cleaned_data["name"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("申请已提交，待会员服务部审核。"))
                return redirect("members:firm_roster_changes", pk=firm.pk)
        status = 400
    else:
        form = RosterJoinForm()
    return render(
        request,
        "members/firm_roster_join.html",
        {"firm": firm, "form": form, "section": "roster"},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def firm_roster_leave(request: HttpRequest, pk: int, lawyer_pk: int) -> HttpResponse:
    firm, lawyer = selectors.roster_lawyer_get_for_user(user=request.user, firm_pk=pk, pk=lawyer_pk)
    status = 200
    if request.method == "POST":
        form = RosterLeaveForm(request.POST)
        if form.is_valid():
            try:
                roster_change_request(
                    firm=firm,
                    requested_by=request.user,
                    kind=RosterChangeKind.LEAVE,
                    lawyer=lawyer,
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("申请已提交，待会员服务部审核。"))
                return redirect("members:firm_roster_changes", pk=firm.pk)
        status = 400
    else:
        form = RosterLeaveForm()
    return render(
        request,
        "members/firm_roster_leave.html",
        {"firm": firm, "lawyer": lawyer, "form": form, "section": "roster"},
        status=status,
    )


@login_required
@require_POST
def firm_roster_change_cancel(request: HttpRequest, pk: int, change_pk: int) -> HttpResponse:
    change = selectors.roster_change_get_for_user(user=request.user, firm_pk=pk, pk=change_pk)
    try:
        roster_change_cancel(change=change, cancelled_by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("members:firm_roster_changes", pk=pk)
    messages.success(request, _("申请已撤回。"))
    return redirect("members:firm_roster_changes", pk=pk)

"""Portal pages: my practice-rights reports, my relief applications, firm endorsements."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apps.core.exceptions import DomainError

from . import selectors, services
from .forms import EndorseForm, ReliefForm, ReportForm


@login_required
@require_http_methods(["GET", "POST"])
def report_list(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.rights_report_submit(user=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("已提交，编号 %(ref)s。协会将在 %(date)s 前受理。")
                % {"ref": report.reference, "date": report.acknowledge_by.isoformat()},
            )
            return redirect("rights:report_detail", pk=report.pk)
    status = 400 if request.method == "POST" else 200
    reports = list(selectors.report_list_for_user(user=request.user)[:100])
    return render(
        request, "rights/report_list.html", {"form": form, "reports": reports}, status=status
    )


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    events = list(report.events.all())
    return render(request, "rights/report_detail.html", {"report": report, "events": events})


@login_required
@require_http_methods(["GET", "POST"])
def relief_list(request: HttpRequest) -> HttpResponse:
    form = ReliefForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.relief_apply(user=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("申请已提交，编号 %(ref)s，待所在律所签署意见。")
                % {"ref": application.reference},
            )
            return redirect("rights:relief_detail", pk=application.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "rights/relief_list.html",
        {
            "form": form,
            "applications": list(selectors.relief_list_for_user(user=request.user)[:100]),
            "rules": services.relief_settings(),
            "awaiting": selectors.relief_awaiting_count_for_user(user=request.user),
        },
        status=status,
    )


@login_required
@require_GET
def relief_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.relief_get_for_user(user=request.user, pk=pk)
    return render(request, "rights/relief_detail.html", {"application": application})


@login_required
@require_GET
def relief_endorse_list(request: HttpRequest) -> HttpResponse:
    applications = list(selectors.relief_endorse_list_for_user(user=request.user)[:200])
    return render(
        request,
        "rights/relief_endorse_list.html",
        {"applications": applications, "form": EndorseForm()},
    )


@login_required
@require_http_methods(["POST"])
def relief_endorse(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.relief_get_for_endorser(user=request.user, pk=pk)
    form = EndorseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择律所意见。"))
        return redirect("rights:relief_endorse_list")
    try:
        services.relief_endorse(
            application=application,
            user=request.user,
            endorse=form.cleaned_data["decision"] == "yes",
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已签署律所意见。"))
    return redirect("rights:relief_endorse_list")


@login_required
@require_http_methods(["GET", "POST"])
def firm_compliance(request: HttpRequest, firm_pk: int) -> HttpResponse:
    from apps.members.selectors import firm_get_for_user

    from .compliance import compliance_reminder_send, dashboard_rows

    # 404 / 403 as on the firm pages; only its administrators (staff read in admin).
    firm = firm_get_for_user(user=request.user, pk=firm_pk, for_change=True)
    if request.method == "POST":
        try:
            lawyer_id = int(request.POST.get("lawyer", ""))
        except ValueError:
            messages.error(request, _("请选择律师。"))
            return redirect("rights:firm_compliance", firm_pk=firm.pk)
        try:
            compliance_reminder_send(user=request.user, firm_id=firm.pk, lawyer_id=lawyer_id)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("提醒已发送。"))
        return redirect("rights:firm_compliance", firm_pk=firm.pk)
    rows = dashboard_rows(user=request.user, firm_id=firm.pk)
    return render(
        request,
        "rights/firm_compliance.html",
        {
            "firm": firm,
            "rows": rows,
            "attention": sum(1 for r in rows if r.needs_attention),
        },
    )

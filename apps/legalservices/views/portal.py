"""The lawyer's pro-bono pages in the portal (/portal/legal-services/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.core.exceptions import DomainError

from ..forms import BusinessFeedbackForm, ProBonoRecordForm
from ..selectors.help import events_upcoming, portal_lawyer
from ..selectors.probono import (
    business_feedback_for_lawyer,
    probono_progress,
    probono_records_for_lawyer,
)
from ..services.feedback import business_feedback_submit
from ..services.help import volunteer_sign_up
from ..services.probono import probono_record_log


def _lawyer_or_404(request: HttpRequest):
    lawyer = portal_lawyer(user=request.user)
    if lawyer is None:
        raise Http404
    return lawyer


@login_required
def probono_home(request: HttpRequest) -> HttpResponse:
    lawyer = _lawyer_or_404(request)
    return render(
        request,
        "legalservices/portal_probono.html",
        {
            "lawyer": lawyer,
            "progress": probono_progress(lawyer=lawyer),
            "records": probono_records_for_lawyer(lawyer=lawyer),
            "events": events_upcoming(),
            "form": ProBonoRecordForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_new(request: HttpRequest) -> HttpResponse:
    lawyer = _lawyer_or_404(request)
    form = ProBonoRecordForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                probono_record_log(lawyer=lawyer, data=form.cleaned_data)
            except DomainError as error:
                form.add_error("date", error.message)
            else:
                messages.success(request, _("服务记录已登记，待协会核实。"))
                return redirect("legalservices_portal:probono")
        status = 400
    return render(request, "legalservices/portal_record_form.html", {"form": form}, status=status)


@login_required
@require_POST
def volunteer(request: HttpRequest, pk: int) -> HttpResponse:
    lawyer = _lawyer_or_404(request)
    try:
        volunteer_sign_up(lawyer=lawyer, event_id=pk)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("legalservices_portal:probono")
    messages.success(request, _("已报名担任志愿律师。"))
    return redirect("legalservices_portal:probono")


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    lawyer = _lawyer_or_404(request)
    form = BusinessFeedbackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            business_feedback_submit(lawyer=lawyer, data=form.cleaned_data)
            messages.success(request, _("反映已提交，协会将分拣并答复。"))
            return redirect("legalservices_portal:feedback")
        status = 400
    return render(
        request,
        "legalservices/portal_feedback.html",
        {"form": form, "feedbacks": business_feedback_for_lawyer(lawyer=lawyer)},
        status=status,
    )

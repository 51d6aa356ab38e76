"""/legal-help/: free legal help, events and bookings, programmes, mediation, alerts."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apps.core.exceptions import DomainError

from ..forms import AlertSearchForm, ConsultationForm, MediationForm, SlotBookingForm
from ..models import ConsultationRequest, MediationRequest, ProBonoKind
from ..ratelimit import rate_limited
from ..selectors.help import (
    agreements_public,
    alert_search,
    booking_public_get,
    event_public_get,
    events_past,
    events_upcoming,
    mediation_outcomes,
    mediators_public,
    programme_public_get,
    programmes_public,
)
from ..selectors.probono import probono_totals
from ..services.help import consultation_submit, slot_book
from ..services.mediation import mediation_request_submit


def _crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("公共法律服务"), reverse("legalservices:help")), *pairs]


@require_GET
def help_home(request: HttpRequest) -> HttpResponse:
    totals = probono_totals()
    return render(
        request,
        "legalservices/help_home.html",
        {
            "upcoming": events_upcoming(),
            "past": events_past(),
            "totals": totals,
            "totals_rows": [
                (label, totals.by_kind.get(kind, 0)) for kind, label in ProBonoKind.choices
            ],
            "breadcrumbs": [(_("公共法律服务"), "")],
        },
    )


@require_http_methods(["GET", "POST"])
@rate_limited("forms", methods=("POST",))
def consultation_new(request: HttpRequest) -> HttpResponse:
    form = ConsultationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            consultation = consultation_submit(data=form.cleaned_data)
            request.session["ls_consultation"] = consultation.reference
            return redirect("legalservices:consultation_done", reference=consultation.reference)
        status = 400
    else:
        status = 200
    return render(
        request,
        "legalservices/consultation_form.html",
        {"form": form, "breadcrumbs": _crumbs((_("申请免费法律咨询"), ""))},
        status=status,
    )


@require_GET
def consultation_done(request: HttpRequest, reference: str) -> HttpResponse:
    # Only the browser that submitted sees the acknowledgement page.
    if request.session.get("ls_consultation") != reference:
        raise Http404
    consultation = ConsultationRequest.objects.filter(reference=reference).first()
    if consultation is None:
        raise Http404
    return render(
        request,
        "legalservices/consultation_done.html",
        {"consultation": consultation, "breadcrumbs": _crumbs((_("申请已提交"), ""))},
    )


@require_http_methods(["GET", "POST"])
@rate_limited("forms", methods=("POST",))
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_public_get(pk=pk)
    form = SlotBookingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            slot_id = form.cleaned_data["slot"]
            if slot_id not in {slot.pk for slot in event.slots.all()}:
                form.add_error(None, _("请选择本活动的时段。"))
            else:
                try:
                    booking = slot_book(
                        slot_id=slot_id,
                        name=form.cleaned_data["name"],
                        phone=form.cleaned_data["phone"],
                        question=form.cleaned_data.get("question", ""),
                    )
                except DomainError as error:
                    form.add_error(None, error.message)
                    status = 409  # valid input, but the slot cannot take it
                else:
                    request.session["ls_booking"] = booking.reference
                    return redirect("legalservices:booking_done", reference=booking.reference)
        event = event_public_get(pk=pk)  # fresh counts after a refused booking
    return render(
        request,
        "legalservices/event_detail.html",
        {"event": event, "form": form, "breadcrumbs": _crumbs((event.title, ""))},
        status=status,
    )


@require_GET
def booking_done(request: HttpRequest, reference: str) -> HttpResponse:
    if request.session.get("ls_booking") != reference:
        raise Http404
    booking = booking_public_get(reference=reference)
    return render(
        request,
        "legalservices/booking_done.html",
        {"booking": booking, "breadcrumbs": _crumbs((_("预约成功"), ""))},
    )


@require_GET
def alert_list(request: HttpRequest) -> HttpResponse:
    form = AlertSearchForm(request.GET or None)
    status = 200
    q = ""
    if form.is_bound:
        if form.is_valid():
            q = form.cleaned_data["q"]
        else:
            status = 400
    page_obj = Paginator(alert_search(q=q), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "legalservices/alert_list.html",
        {"form": form, "page_obj": page_obj, "breadcrumbs": _crumbs((_("冒用律师身份提示"), ""))},
        status=status,
    )


@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "legalservices/programme_list.html",
        {
            "programmes": programmes_public(),
            "agreements": agreements_public(),
            "breadcrumbs": _crumbs((_("志愿服务与合作"), "")),
        },
    )


@require_GET
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme, editions = programme_public_get(slug=slug)
    return render(
        request,
        "legalservices/programme_detail.html",
        {
            "programme": programme,
            "editions": editions,
            "breadcrumbs": _crumbs(
                (_("志愿服务与合作"), reverse("legalservices:programme_list")),
                (programme.name, ""),
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@rate_limited("forms", methods=("POST",))
def mediation_home(request: HttpRequest) -> HttpResponse:
    form = MediationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            mediation = mediation_request_submit(data=form.cleaned_data)
            request.session["ls_mediation"] = mediation.reference
            return redirect("legalservices:mediation_done", reference=mediation.reference)
        status = 400
    return render(
        request,
        "legalservices/mediation.html",
        {
            "form": form,
            "mediators": mediators_public(),
            "outcomes": mediation_outcomes(),
            "breadcrumbs": _crumbs((_("律师调解中心"), "")),
        },
        status=status,
    )


@require_GET
def mediation_done(request: HttpRequest, reference: str) -> HttpResponse:
    if request.session.get("ls_mediation") != reference:
        raise Http404
    mediation = MediationRequest.objects.filter(reference=reference).first()
    if mediation is None:
        raise Http404
    messages.success(request, _("调解申请已提交。"))
    return render(
        request,
        "legalservices/mediation_done.html",
        {
            "mediation": mediation,
            "breadcrumbs": _crumbs(
                (_("律师调解中心"), reverse("legalservices:mediation")), (_("申请已提交"), "")
            ),
        },
    )

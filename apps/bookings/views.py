"""Portal pages for detainee-visit booking, and the signed confirmation link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.decorators import staff_powers
from apps.core.exceptions import DomainError
from apps.members.models import Lawyer

from . import selectors, services
from .forms import BookingForm
from .links import LinkError

LINK_STATUS = {"tampered": 400, "expired": 410, "used": 410}


def _crumbs(*more: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (_("会员门户"), reverse("members:home")),
        (_("预约会见"), reverse("bookings:home")),
        *more,
    ]


def _lawyer(request: HttpRequest) -> Lawyer:
    lawyer = selectors.lawyer_for_user(user=request.user)  # type: ignore[arg-type]
    if lawyer is None:
        raise Http404
    return lawyer


@login_required
@require_GET
def booking_home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "bookings/home.html",
        {
            "facilities": list(selectors.facility_list()),
            "bookings": list(selectors.booking_list_for_user(user=request.user)[:50]),  # type: ignore[arg-type]
            "breadcrumbs": _crumbs(),
        },
    )


def _facility_page(
    request: HttpRequest,
    pk: int,
    *,
    form: BookingForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    facility = selectors.facility_get(pk=pk)
    return render(
        request,
        "bookings/facility.html",
        {
            "facility": facility,
            "slots": selectors.slots_open(facility=facility),
            "form": form or BookingForm(initial={"slot": request.GET.get("slot", "")}),
            "error": error,
            "breadcrumbs": _crumbs((facility.name, "")),
        },
        status=status,
    )


@login_required
@require_GET
def facility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _facility_page(request, pk)


@login_required
@require_POST
def booking_create(request: HttpRequest, pk: int) -> HttpResponse:
    facility = selectors.facility_get(pk=pk)
    lawyer = _lawyer(request)
    form = BookingForm(request.POST)
    if not form.is_valid():
        return _facility_page(request, pk, form=form, status=400)
    data = form.cleaned_data
    if not any(slot.pk == data["slot"] for slot in selectors.slots_open(facility=facility)):
        return _facility_page(
            request, pk, form=form, error=_("请选择本看守所今后 5 个工作日内的时段。"), status=400
        )
    try:
        booking = services.booking_create(
            slot_id=data["slot"],
            lawyer=lawyer,
            detainee_name=data["detainee_name"],
            client_name=data["client_name"],
            case_reference=data["case_reference"],
        )
    except DomainError as exc:
        return _facility_page(request, pk, form=form, error=exc.message, status=409)
    messages.success(request, _("预约成功，确认信息已发送到您的站内信和邮箱。"))
    return redirect("bookings:booking", pk=booking.pk)


@login_required
@staff_powers
@require_GET
def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_get_for_user(user=request.user, pk=pk)  # type: ignore[arg-type]
    return render(
        request,
        "bookings/booking.html",
        {
            "booking": booking,
            "own": booking.lawyer.user_id == request.user.pk,
            "breadcrumbs": _crumbs((str(booking), "")),
        },
    )


@login_required
@require_POST
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_get_for_user(user=request.user, pk=pk)  # type: ignore[arg-type]
    if booking.lawyer.user_id != request.user.pk:
        raise Http404  # staff cancel in admin, not by acting as the lawyer
    try:
        services.booking_cancel(booking=booking)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("bookings:booking", pk=pk)
    messages.success(request, _("已取消预约。"))
    return redirect("bookings:home")


@require_http_methods(["GET", "POST"])
def confirm_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (mail scanners prefetch links and must not act); POST confirms."""
    try:
        if request.method == "GET":
            services.link_read(
                salt=services.CONFIRM_LINK_SALT,
                token=token,
                max_age=services.CONFIRM_LINK_MAX_AGE,
            )
            return render(request, "bookings/link_confirm.html", {"token": token})
        booking = services.booking_confirm_by_link(token=token)
    except LinkError as exc:
        return render(
            request,
            "bookings/link_invalid.html",
            {"reason": exc.reason},
            status=LINK_STATUS[exc.reason],
        )
    except DomainError as exc:
        return render(
            request,
            "bookings/link_invalid.html",
            {"reason": "refused", "message": exc.message},
            status=409,
        )
    return render(request, "bookings/link_done.html", {"booking": booking})

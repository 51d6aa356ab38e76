"""Reads for detainee-visit booking.

Visibility: facilities and free places are visible to any signed-in lawyer. A booking —
with the detainee's and client's names — only to the lawyer who made it and to member
services staff (``bookings.view_booking``); ``booking_get_for_user`` answers 404 to
anyone else, so an id guessed in the URL reveals nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.members.models import Lawyer

from .models import Booking, BookingStatus, Facility, Slot
from .workdays import booking_window

if TYPE_CHECKING:
    from apps.accounts.models import User

STAFF_PERMISSION = "bookings.view_booking"


def lawyer_for_user(*, user: User) -> Lawyer | None:
    if not user.is_authenticated:
        return None
    return Lawyer.objects.select_related("firm").filter(user=user).first()


def facility_list() -> QuerySet[Facility]:
    return Facility.objects.filter(active=True).order_by("name")


def facility_get(*, pk: int) -> Facility:
    facility = Facility.objects.filter(pk=pk, active=True).first()
    if facility is None:
        raise Http404
    return facility


def slots_open(*, facility: Facility, today: dt.date | None = None) -> list[Slot]:
    from .services import WINDOW_WORKDAYS

    days = booking_window(today or timezone.localdate(), WINDOW_WORKDAYS)
    return list(
        Slot.objects.filter(room__facility=facility, date__in=days)
        .select_related("room")
        .order_by("date", "half", "room__name")
    )


def booking_list_for_user(*, user: User) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(lawyer__user=user)
        .select_related("facility", "slot__room")
        .order_by("-date", "half", "-pk")
    )


def booking_get_for_user(*, user: User, pk: int) -> Booking:
    if not user.is_authenticated:
        raise Http404
    visible = Q(lawyer__user=user)
    if user.is_active and user.has_perm(STAFF_PERMISSION):
        visible = Q()
    booking = (
        Booking.objects.select_related("facility", "slot__room", "lawyer")
        .filter(visible, pk=pk)
        .first()
    )
    if booking is None:
        raise Http404
    return booking


def upcoming_for_lawyer(*, lawyer: Lawyer, limit: int = 5) -> list[Booking]:
    return list(
        Booking.objects.filter(lawyer=lawyer, date__gte=timezone.localdate())
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("facility", "slot__room")
        .order_by("date", "half", "pk")[:limit]
    )

"""Writes for detainee-visit booking: book, cancel, confirm (also from a signed e-mail link).

A place is taken by one conditional UPDATE (``booked_count < capacity``): PostgreSQL
re-checks the condition after a concurrent UPDATE of the same row commits, so of two
lawyers racing for the last place exactly one gets it (pattern copied from
legalservices' ``slot_book``). Conflicts are checked first for a clear message and are
also partial unique constraints, so a race between the check and the INSERT ends in the
same message and the place taken is rolled back with the transaction.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.exceptions import DomainError
from apps.members.models import Lawyer, LawyerStatus

from .links import LinkError, link_read, link_token
from .models import Booking, BookingStatus, Slot
from .workdays import booking_window

WINDOW_WORKDAYS = 5
CONFIRM_LINK_SALT = "bookings.booking.confirm"
CONFIRM_LINK_MAX_AGE = dt.timedelta(days=7)
KEY_BOOKED = "bookings_booked"


def _conflict_message(exc: IntegrityError) -> str:
    text = str(exc)
    if "bookings_detainee_once_per_halfday" in text:
        return _("该在押人员在此时段已有会见预约。")
    if "bookings_lawyer_once_per_halfday" in text:
        return _("您在此时段已有其他会见预约，同一时段只能预约一次。")
    return _("预约未能保存，请重试。")


def confirm_link_token(booking: Booking) -> str:
    return link_token(salt=CONFIRM_LINK_SALT, pk=booking.pk, nonce=booking.link_nonce)


def booking_create(
    *,
    slot_id: int,
    lawyer: Lawyer,
    detainee_name: str,
    client_name: str,
    case_reference: str,
    today: dt.date | None = None,
) -> Booking:
    today = today or timezone.localdate()
    if lawyer.status != LawyerStatus.PRACTISING:
        raise DomainError(_("仅执业律师可预约会见。"))
    detainee_name = " ".join((detainee_name or "").split())
    client_name = " ".join((client_name or "").split())
    case_reference = (case_reference or "").strip()
    if not (detainee_name and client_name and case_reference):
        raise DomainError(_("请填写在押人员姓名、委托人姓名和案由。"))
    with transaction.atomic():
        slot = Slot.objects.select_related("room__facility").filter(pk=slot_id).first()
        if slot is None or not slot.room.facility.active:
            raise DomainError(_("该时段不存在或未开放预约。"))
        if slot.date not in booking_window(today, WINDOW_WORKDAYS):
            raise DomainError(_("只能预约今后 5 个工作日内的时段。"))
        facility = slot.room.facility
        active = Booking.objects.exclude(status=BookingStatus.CANCELLED)
        if active.filter(
            facility=facility, date=slot.date, half=slot.half, detainee_name=detainee_name
        ).exists():
            raise DomainError(_("该在押人员在此时段已有会见预约。"))
        if active.filter(lawyer=lawyer, date=slot.date, half=slot.half).exists():
            raise DomainError(_("您在此时段已有其他会见预约，同一时段只能预约一次。"))
        taken = Slot.objects.filter(pk=slot.pk, booked_count__lt=F("capacity")).update(
            booked_count=F("booked_count") + 1
        )
        if not taken:
            raise DomainError(_("该时段已约满，请选择其他时段。"))
        booking = Booking(
            slot=slot,
            lawyer=lawyer,
            facility=facility,
            date=slot.date,
            half=slot.half,
            detainee_name=detainee_name,
            client_name=client_name,
            case_reference=case_reference,
        )
        booking.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                booking.save()
        except IntegrityError as exc:
            # Roll the place back with everything else: re-raise out of the outer atomic.
            raise DomainError(_conflict_message(exc)) from None
        booking.slot = slot
        _notify(booking)
    return booking


def _notify(booking: Booking) -> None:
    from apps.notifications.services import notification_create

    user = booking.lawyer.user
    if user is None:
        return
    notification_create(
        recipient=user,
        key=KEY_BOOKED,
        # Names of the detainee and client stay out of the outbox (e-mail crosses
        # servers): the lawyer reads them in the portal.
        context={
            "name": booking.lawyer.name,
            "facility": booking.facility.name,
            "room": booking.slot.room.name,
            "date": booking.date.isoformat(),
            "half": str(booking.get_half_display()),
            "confirm_url": reverse("bookings:confirm_link", args=[confirm_link_token(booking)]),
        },
        url=reverse("bookings:booking", args=[booking.pk]),
    )


def booking_cancel(*, booking: Booking, now: dt.datetime | None = None) -> Booking:
    now = now or timezone.now()
    with transaction.atomic():
        # Slot first, then booking: the same order as booking_create (UPDATE, INSERT).
        slot = Slot.objects.select_for_update().get(pk=booking.slot_id)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status == BookingStatus.CANCELLED:
            raise DomainError(_("该预约已取消。"))
        if booking.date < timezone.localdate(now):
            raise DomainError(_("已过会见日期，不能取消。"))
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = now
        booking.link_nonce = secrets.token_urlsafe(12)
        booking.save(update_fields=["status", "cancelled_at", "link_nonce"])
        # Recounted under the slot lock rather than decremented, so a row created
        # outside the services cannot drive the count below the truth.
        slot.booked_count = (
            Booking.objects.filter(slot=slot).exclude(status=BookingStatus.CANCELLED).count()
        )
        slot.save(update_fields=["booked_count"])
    return booking


def booking_confirm_by_link(*, token: str, now: dt.datetime | None = None) -> Booking:
    """The lawyer confirms attendance from the e-mail, once. LinkError on a bad link."""
    now = now or timezone.now()
    payload = link_read(salt=CONFIRM_LINK_SALT, token=token, max_age=CONFIRM_LINK_MAX_AGE)
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("facility")
            .filter(pk=payload.pk)
            .first()
        )
        if booking is None:
            raise LinkError("tampered")
        if not secrets.compare_digest(booking.link_nonce, payload.nonce):
            raise LinkError("used")
        if booking.status != BookingStatus.BOOKED:
            raise DomainError(_("该预约已取消或已确认。"))
        booking.status = BookingStatus.CONFIRMED
        booking.confirmed_at = now
        booking.link_nonce = secrets.token_urlsafe(12)
        booking.save(update_fields=["status", "confirmed_at", "link_nonce"])
    return booking

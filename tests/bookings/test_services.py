"""Booking rules: the 5-working-day window, conflicts, capacity, cancel, signed links."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail, signing
from django.utils import timezone

from apps.bookings import services
from apps.bookings.links import LinkError
from apps.bookings.models import Booking, BookingStatus, Slot
from apps.bookings.workdays import booking_window
from apps.core.exceptions import DomainError
from apps.notifications.models import Notification
from tests.members.factories import LawyerFactory

from .factories import RoomFactory, SlotFactory

pytestmark = pytest.mark.django_db


def _book(slot, lawyer=None, detainee="张三", **kw):
    return services.booking_create(
        slot_id=slot.pk,
        lawyer=lawyer or LawyerFactory(),
        detainee_name=detainee,
        client_name=kw.pop("client", "张三之妻"),
        case_reference=kw.pop("case", "涉嫌诈骗罪"),
        **kw,
    )


@pytest.mark.parametrize(
    ("today", "slot_day", "ok"),
    [
        # Friday 2026-10-30: the next five working days are 11-02 … 11-06
        (dt.date(2026, 10, 30), dt.date(2026, 11, 2), True),
        (dt.date(2026, 10, 30), dt.date(2026, 11, 6), True),
        (dt.date(2026, 10, 30), dt.date(2026, 11, 9), False),  # sixth working day
        (dt.date(2026, 10, 30), dt.date(2026, 10, 30), False),  # today
        (dt.date(2026, 10, 30), dt.date(2026, 10, 31), False),  # Saturday
        # National Day week 2026: 10-01 … 10-07 are holidays
        (dt.date(2026, 9, 30), dt.date(2026, 10, 8), True),
        (dt.date(2026, 9, 30), dt.date(2026, 10, 5), False),
    ],
)
def test_only_the_next_five_working_days_can_be_booked(today, slot_day, ok):
    slot = SlotFactory(date=slot_day)
    if ok:
        assert _book(slot, today=today).status == BookingStatus.BOOKED
    else:
        with pytest.raises(DomainError, match="5 个工作日"):
            _book(slot, today=today)


def test_window_skips_weekends():
    assert booking_window(dt.date(2026, 11, 27), 2) == [dt.date(2026, 11, 30), dt.date(2026, 12, 1)]


@pytest.mark.parametrize(
    ("second", "message"),
    [
        ("same_detainee_other_room", "该在押人员在此时段已有"),
        ("same_lawyer_other_facility", "您在此时段已有其他会见预约"),
        ("slot_full", "已约满"),
    ],
)
def test_conflicts_are_told_clearly(second, message):
    lawyer = LawyerFactory()
    slot = SlotFactory(capacity=1)
    _book(slot, lawyer=lawyer)
    if second == "same_detainee_other_room":
        other = SlotFactory(room=RoomFactory(facility=slot.room.facility), date=slot.date)
        target, who, detainee = other, LawyerFactory(), "张三"
    elif second == "same_lawyer_other_facility":
        target, who, detainee = SlotFactory(date=slot.date), lawyer, "李四"
    else:
        target, who, detainee = slot, LawyerFactory(), "王五"
    with pytest.raises(DomainError, match=message):
        _book(target, lawyer=who, detainee=detainee)
    assert Slot.objects.get(pk=target.pk).booked_count == (1 if target == slot else 0)


def test_same_detainee_in_another_half_day_is_fine():
    slot = SlotFactory()
    pm = SlotFactory(room=slot.room, date=slot.date, half="pm")
    _book(slot)
    assert _book(pm).pk


def test_blank_names_are_refused():
    with pytest.raises(DomainError, match="请填写"):
        _book(SlotFactory(), detainee="   ")


def test_cancel_frees_the_place_and_allows_rebooking():
    slot = SlotFactory(capacity=1)
    booking = _book(slot)
    services.booking_cancel(booking=booking)
    assert Slot.objects.get(pk=slot.pk).booked_count == 0
    with pytest.raises(DomainError, match="已取消"):
        services.booking_cancel(booking=booking)
    assert _book(slot).status == BookingStatus.BOOKED


def test_confirmation_goes_to_inbox_and_email_without_names(
    lawyer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _book(SlotFactory(), lawyer=lawyer, detainee="秘密人名")
    notice = Notification.objects.get(recipient=lawyer.user, key="bookings_booked")
    assert "秘密人名" not in str(notice.context)
    assert len(mail.outbox) == 1
    assert "/portal/bookings/link/confirm/" in mail.outbox[0].body
    assert "秘密人名" not in mail.outbox[0].body


def test_confirm_link_works_once():
    booking = _book(SlotFactory())
    token = services.confirm_link_token(booking)
    assert services.booking_confirm_by_link(token=token).status == BookingStatus.CONFIRMED
    with pytest.raises(LinkError) as used:
        services.booking_confirm_by_link(token=token)
    assert used.value.reason == "used"


@pytest.mark.parametrize("reason", ["expired", "tampered", "other_salt"])
def test_confirm_link_refusals(reason, monkeypatch):
    booking = _book(SlotFactory())
    token = services.confirm_link_token(booking)
    if reason == "expired":
        later = timezone.now().timestamp() + services.CONFIRM_LINK_MAX_AGE.total_seconds() + 60
        monkeypatch.setattr(signing.time, "time", lambda: later)
    elif reason == "tampered":
        token = token.replace(f"{booking.pk}:", f"{booking.pk + 1}:", 1)
    else:
        token = signing.TimestampSigner(salt="events.registration.cancel").sign(
            f"{booking.pk}:{booking.link_nonce}"
        )
    with pytest.raises(LinkError) as exc:
        services.booking_confirm_by_link(token=token)
    assert exc.value.reason == ("expired" if reason == "expired" else "tampered")
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.BOOKED

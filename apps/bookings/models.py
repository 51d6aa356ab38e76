"""Detainee-visit booking (预约会见): facilities, rooms, half-day slots, bookings.

Capacity: ``Slot.booked_count`` is taken by one conditional UPDATE
(``booked_count < capacity``) and backed by a CHECK constraint. Conflicts are partial
unique constraints over active bookings, on values copied from the slot when booking:
the same detainee once per facility and half-day, a lawyer once per half-day anywhere.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.members.models import Lawyer


def _nonce() -> str:
    return secrets.token_urlsafe(12)


class Facility(models.Model):
    name = models.CharField(_("名称"), max_length=80, unique=True)
    district = models.CharField(_("区"), max_length=20)
    address = models.CharField(_("地址"), max_length=200)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    active = models.BooleanField(_("开放预约"), default=True)

    class Meta:
        verbose_name = _("看守所")
        verbose_name_plural = _("看守所")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("会见室"), max_length=40)

    class Meta:
        verbose_name = _("会见室")
        verbose_name_plural = _("会见室")
        ordering = ["facility", "name"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "name"], name="bookings_room_unique")
        ]

    def __str__(self) -> str:
        return f"{self.facility} {self.name}"


class HalfDay(models.TextChoices):
    AM = "am", _("上午")
    PM = "pm", _("下午")


class Slot(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="slots")
    date = models.DateField(_("日期"))
    half = models.CharField(_("时段"), max_length=2, choices=HalfDay.choices)
    capacity = models.PositiveSmallIntegerField(_("可约数"))
    booked_count = models.PositiveSmallIntegerField(_("已约数"), default=0, editable=False)

    class Meta:
        verbose_name = _("会见时段")
        verbose_name_plural = _("会见时段")
        ordering = ["date", "half", "room"]
        indexes = [models.Index(fields=["date", "half"], name="bookings_slot_day")]
        constraints = [
            models.UniqueConstraint(fields=["room", "date", "half"], name="bookings_slot_unique"),
            models.CheckConstraint(
                condition=Q(booked_count__lte=F("capacity")),
                name="bookings_slot_never_over_capacity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room} {self.date} {self.get_half_display()}"

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.booked_count, 0)


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("已预约")
    CONFIRMED = "confirmed", _("已确认")
    CANCELLED = "cancelled", _("已取消")


ACTIVE = ~Q(status="cancelled")


class Booking(models.Model):
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    lawyer = models.ForeignKey(Lawyer, on_delete=models.PROTECT, related_name="visit_bookings")
    # Copied from the slot so the conflict rules can be unique constraints.
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("日期"))
    half = models.CharField(_("时段"), max_length=2, choices=HalfDay.choices)
    detainee_name = models.CharField(_("在押人员姓名"), max_length=50)
    client_name = models.CharField(_("委托人姓名"), max_length=50)
    case_reference = models.CharField(_("案由/案号"), max_length=80)
    status = models.CharField(
        _("状态"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    created_at = models.DateTimeField(_("预约时间"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    link_nonce = models.CharField(max_length=24, default=_nonce, editable=False)

    class Meta:
        verbose_name = _("会见预约")
        verbose_name_plural = _("会见预约")
        ordering = ["date", "half", "pk"]
        indexes = [
            models.Index(fields=["lawyer", "date"], name="bookings_booking_lawyer"),
            models.Index(fields=["slot", "status"], name="bookings_booking_slot"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "date", "half", "detainee_name"],
                condition=ACTIVE,
                name="bookings_detainee_once_per_halfday",
            ),
            models.UniqueConstraint(
                fields=["lawyer", "date", "half"],
                condition=ACTIVE,
                name="bookings_lawyer_once_per_halfday",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facility} {self.date} {self.get_half_display()}"

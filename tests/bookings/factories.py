from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from apps.bookings.models import Facility, HalfDay, Room, Slot


class FacilityFactory(DjangoModelFactory):
    class Meta:
        model = Facility

    name = factory.Sequence(lambda n: f"上海市第{n}看守所")
    district = "浦东新区"
    address = "浦东新区某路 1 号"


class RoomFactory(DjangoModelFactory):
    class Meta:
        model = Room

    facility = factory.SubFactory(FacilityFactory)
    name = factory.Sequence(lambda n: f"会见室{n}")


class SlotFactory(DjangoModelFactory):
    class Meta:
        model = Slot

    room = factory.SubFactory(RoomFactory)
    date = factory.LazyFunction(lambda: _next_workday())
    half = HalfDay.AM
    capacity = 2


def _next_workday():
    from django.utils import timezone

    from apps.bookings.workdays import booking_window

    return booking_window(timezone.localdate(), 1)[0]

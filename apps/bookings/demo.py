"""Demo data for detainee-visit booking: five detention centres with rooms and morning
and afternoon slots for the next two weeks' working days, some already taken, and one
booking of the demo lawyer. Idempotent (facilities by name, slots by room/date/half)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from apps.core.exceptions import DomainError
from apps.members.demo import demo_lawyers
from apps.members.models import Lawyer, LawyerStatus

from . import services
from .models import Facility, HalfDay, Room, Slot
from .workdays import booking_window, is_workday

FACILITIES = [
    ("上海市第一看守所", "浦东新区", "浦东新区川周公路某号", "021-5800 0001", 4),
    ("上海市第二看守所", "宝山区", "宝山区蕰川路某号", "021-5600 0002", 3),
    ("徐汇区看守所", "徐汇区", "徐汇区龙华西路某号", "021-6400 0003", 2),
    ("闵行区看守所", "闵行区", "闵行区华漕镇某号", "021-6400 0004", 2),
    ("浦东新区看守所", "浦东新区", "浦东新区周浦镇某号", "021-5800 0005", 3),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗"
CASES = [
    "涉嫌诈骗罪",
    "涉嫌盗窃罪",
    "涉嫌危险驾驶罪",
    "涉嫌帮助信息网络犯罪活动罪",
    "涉嫌职务侵占罪",
]


@transaction.atomic
def seed_bookings(*, scale: str, rng: random.Random) -> None:
    today = timezone.localdate()
    days = [today + dt.timedelta(days=n) for n in range(1, 15)]
    days = [d for d in days if is_workday(d)]
    slots: list[Slot] = []
    for name, district, address, phone, rooms in FACILITIES:
        facility, _ = Facility.objects.get_or_create(
            name=name, defaults={"district": district, "address": address, "phone": phone}
        )
        for number in range(1, rooms + 1):
            room, _ = Room.objects.get_or_create(facility=facility, name=f"{number} 号会见室")
            for day in days:
                for half in HalfDay.values:
                    slot, _ = Slot.objects.get_or_create(
                        room=room, date=day, half=half, defaults={"capacity": 3}
                    )
                    slots.append(slot)
    window = set(booking_window(today, services.WINDOW_WORKDAYS))
    bookable = [s for s in slots if s.date in window]
    lawyers = list(
        Lawyer.objects.filter(status=LawyerStatus.PRACTISING)
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )
    for pk in rng.sample(lawyers, min(len(lawyers), 40)):
        slot = rng.choice(bookable)
        try:
            services.booking_create(
                slot_id=slot.pk,
                lawyer=Lawyer(pk=pk, status=LawyerStatus.PRACTISING),
                detainee_name=rng.choice(SURNAMES) + "某" + rng.choice("甲乙丙丁"),
                client_name=rng.choice(SURNAMES) + "某某",
                case_reference=rng.choice(CASES),
            )
        except DomainError:
            continue
    # The demo lawyers (the first is lawyer@demo.shlawyers.cn, see members'
    # demo_accounts): one booking each, in the earliest open slots.
    demo = demo_lawyers(limit=3)
    early = sorted(bookable, key=lambda s: (s.date, s.half, s.room_id))
    for n, lawyer in enumerate(demo):
        if lawyer.visit_bookings.exists():
            continue
        for slot in early[n:]:
            try:
                services.booking_create(
                    slot_id=slot.pk,
                    lawyer=lawyer,
                    detainee_name=f"陆某{'甲乙丙'[n]}",
                    client_name=f"陆某{'甲乙丙'[n]}之妻",
                    case_reference="涉嫌非法吸收公众存款罪",
                )
            except DomainError:
                continue
            break

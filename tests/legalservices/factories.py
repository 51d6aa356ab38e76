from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from apps.legalservices.models import (
    EventKind,
    EventSlot,
    OverseasOffice,
    ProBonoEvent,
    ProBonoKind,
    ProBonoRecord,
)
from apps.members.models import District
from tests.members.factories import LawFirmFactory, LawyerFactory


class OverseasOfficeFactory(DjangoModelFactory):
    class Meta:
        model = OverseasOffice
        skip_postgeneration_save = True

    firm = factory.SubFactory(LawFirmFactory)
    name = factory.Sequence(lambda n: f"新加坡代表处{n}")
    country = "SG"
    city = "新加坡"
    city_en = "Singapore"
    address = "1 Raffles Place, #20-01"
    phone = "+65 6100 0000"
    email = factory.Sequence(lambda n: f"sg{n}@firm.example.cn")
    languages = factory.LazyFunction(lambda: ["en"])
    latitude = Decimal("1.28400")
    longitude = Decimal("103.85100")


class ProBonoEventFactory(DjangoModelFactory):
    class Meta:
        model = ProBonoEvent

    title = factory.Sequence(lambda n: f"3·15 消费者权益保护公益咨询 {n}")
    kind = EventKind.CONSUMER_DAY
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))
    place = "静安区市民中心一楼大厅"
    district = factory.LazyFunction(lambda: District.objects.get(code="310106"))
    topics = "网购退换货、预付卡、装修纠纷"
    is_published = True


class EventSlotFactory(DjangoModelFactory):
    class Meta:
        model = EventSlot

    event = factory.SubFactory(ProBonoEventFactory)
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=30))
    capacity = 3


class ProBonoRecordFactory(DjangoModelFactory):
    class Meta:
        model = ProBonoRecord

    lawyer = factory.SubFactory(LawyerFactory)
    kind = ProBonoKind.CONSULTATION
    date = factory.LazyFunction(lambda: timezone.localdate().replace(month=1, day=15))
    hours = Decimal("2.0")
    people_helped = 3
    summary = "社区法律咨询值班"

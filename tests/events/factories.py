from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from apps.events.models import (
    Club,
    Contest,
    ContestCategory,
    Entry,
    Event,
    EventOption,
    Kind,
    Tally,
)


class ClubFactory(DjangoModelFactory):
    class Meta:
        model = Club

    name = factory.Sequence(lambda n: f"律师跑团{n}")
    slug = factory.Sequence(lambda n: f"run-{n}")
    description = "每周六清晨滨江步道约跑。"


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"律师心理健康讲座（第{n}期）")
    kind = Kind.MENTAL_HEALTH
    venue = "上海市律师协会 3 楼报告厅"
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=5))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    capacity = 30
    published = True
    checkin_code = factory.Sequence(lambda n: f"E{n:05d}")


class MarathonFactory(EventFactory):
    class Meta:
        skip_postgeneration_save = True

    title = "律师马拉松"
    kind = Kind.MARATHON

    @factory.post_generation
    def distances(obj, create, extracted, **kwargs):
        if create:
            for i, name in enumerate(extracted or ["5 公里", "10 公里", "半程马拉松"]):
                EventOption.objects.create(event=obj, name=name, position=i)


class ContestFactory(DjangoModelFactory):
    class Meta:
        model = Contest

    title = "年度最受欢迎法律科技产品评选"
    voting_opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    voting_closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=6))
    tally = Tally.HIDDEN
    published = True


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = ContestCategory

    contest = factory.SubFactory(ContestFactory)
    name = factory.Sequence(lambda n: f"智能检索类{n}")


class EntryFactory(DjangoModelFactory):
    class Meta:
        model = Entry

    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"法律检索助手{n}")
    organisation = "上海某律师事务所"

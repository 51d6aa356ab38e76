from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from apps.learning.models import Category, Course, CreditEntry, CreditSource, Enrolment, Mode
from tests.members.factories import LawyerFactory


class OnlineCourseFactory(DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"新修订公司法实务解读（第{n}讲）")
    category = Category.LAW_UPDATE
    mode = Mode.ONLINE
    lecturer = "周律师"
    summary = "结合近年案例讲解新法对公司治理的影响。"
    video_url = "https://video.example.cn/cle/company-law"
    duration_minutes = 90
    published = True


class OnsiteCourseFactory(DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"律师职业道德与执业纪律专题培训（第{n}期）")
    category = Category.PROFESSIONAL_ETHICS
    mode = Mode.ONSITE
    lecturer = "钱老师"
    venue = "上海市律师协会 3 楼报告厅"
    duration_minutes = 135
    capacity = 50
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))
    ends_at = factory.LazyAttribute(
        lambda o: o.starts_at + dt.timedelta(minutes=o.duration_minutes)
    )
    checkin_code = factory.Sequence(lambda n: f"K{n:05d}")
    published = True


class EnrolmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrolment

    course = factory.SubFactory(OnlineCourseFactory)
    lawyer = factory.SubFactory(LawyerFactory)


class CreditFactory(DjangoModelFactory):
    class Meta:
        model = CreditEntry

    lawyer = factory.SubFactory(LawyerFactory)
    mode = Mode.ONLINE
    source = CreditSource.COURSE
    title = "线上课程学习"
    minutes = 45
    credited_on = factory.LazyFunction(timezone.localdate)

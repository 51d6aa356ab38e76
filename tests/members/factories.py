"""Factories for members. Identifiers are valid: USCCs carry a correct check digit,
licence numbers agree with the lawyer's gender, category and first-licensed year, and
ID numbers pass cn.ric (birth place 310101, a distinct birth date per sequence number).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory
from stdnum.cn import ric

from apps.members.models import (
    CATEGORY_LICENCE_DIGIT,
    GENDER_LICENCE_DIGIT,
    District,
    DuesInvoice,
    FirmAdministrator,
    FirmStatus,
    FirmType,
    Gender,
    LawFirm,
    Lawyer,
    LawyerCategory,
    LawyerStatus,
    Membership,
)
from apps.members.validators import law_firm_uscc_build, licence_no_build


def uscc_for(n: int, region: str = "310101") -> str:
    return law_firm_uscc_build(region=region, organisation_base=f"{70000000 + n:08d}")


def id_number_for(n: int, *, male: bool = True) -> str:
    birth = dt.date(1975, 1, 1) + dt.timedelta(days=n)
    body = f"310101{birth:%Y%m%d}{(n % 400) * 2 + (1 if male else 0):03d}"
    return body + ric.calc_check_digit(body + "X")


def licence_for(n: int, *, year: int, gender: str, category: str) -> str:
    return licence_no_build(
        province="31",
        city="01",
        year=year,
        category=CATEGORY_LICENCE_DIGIT[category],
        gender=GENDER_LICENCE_DIGIT[gender],
        serial=800000 + n,
    )


class LawFirmFactory(DjangoModelFactory):
    class Meta:
        model = LawFirm

    name = factory.Sequence(lambda n: f"上海测试{n}号律师事务所")
    name_en = factory.Sequence(lambda n: f"Shanghai Test {n} Law Firm")
    uscc = factory.Sequence(uscc_for)
    licence_no = factory.Sequence(lambda n: f"23101201011{n:06d}")
    district = factory.LazyFunction(lambda: District.objects.get(code="310106"))
    firm_type = FirmType.PARTNERSHIP
    status = FirmStatus.ACTIVE
    founded = dt.date(2010, 5, 4)
    address = "上海市静安区南京西路1号10楼"
    phone = "021-62345678"
    email = factory.Sequence(lambda n: f"office{n}@firm.example.cn")
    website = "https://firm.example.cn"
    charter_includes_party_building = True


class LawyerFactory(DjangoModelFactory):
    class Meta:
        model = Lawyer
        skip_postgeneration_save = True

    name = factory.Faker("name", locale="zh_CN")
    gender = Gender.MALE
    category = LawyerCategory.FULL_TIME
    first_licensed = dt.date(2015, 3, 1)
    licence_no = factory.LazyAttributeSequence(
        lambda o, n: licence_for(
            n, year=o.first_licensed.year, gender=o.gender, category=o.category
        )
    )
    firm = factory.SubFactory(LawFirmFactory)
    status = LawyerStatus.PRACTISING
    email = factory.Sequence(lambda n: f"lawyer{n}@lawyers.example.cn")
    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    id_number = factory.LazyAttributeSequence(
        lambda o, n: id_number_for(n, male=o.gender == Gender.MALE)
    )

    @factory.post_generation
    def practice_areas(obj: Lawyer, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            obj.practice_areas.set(extracted)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    number = factory.Sequence(lambda n: f"T{n:07d}")
    member_since = dt.date(2016, 1, 1)
    lawyer = factory.SubFactory(LawyerFactory)
    firm = None


class DuesInvoiceFactory(DjangoModelFactory):
    class Meta:
        model = DuesInvoice

    number = factory.Sequence(lambda n: f"T-{n:07d}")
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    amount = Decimal("2000.00")
    issued_on = factory.LazyAttribute(lambda o: dt.date(o.year, 1, 10))
    due_date = factory.LazyAttribute(lambda o: dt.date(o.year, 6, 30))
    paid_at = None
    lawyer = factory.SubFactory(LawyerFactory)
    firm = None


class FirmAdministratorFactory(DjangoModelFactory):
    class Meta:
        model = FirmAdministrator

    lawyer = factory.SubFactory(LawyerFactory)
    firm = factory.LazyAttribute(lambda o: o.lawyer.firm)


class DuesScaleFactory(DjangoModelFactory):
    class Meta:
        model = "members.DuesScale"

    fee_year = 2026
    payer_kind = "lawyer"
    lawyer_category = "full_time"
    firm_min_lawyers = None
    amount = Decimal("2000.00")


class AnnualReviewFactory(DjangoModelFactory):
    class Meta:
        model = "members.AnnualReview"

    lawyer = factory.SubFactory(LawyerFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year - 1)
    result = "competent"
    decided_on = factory.LazyAttribute(lambda o: dt.date(o.year + 1, 4, 30))


class HonourFactory(DjangoModelFactory):
    class Meta:
        model = "members.Honour"

    lawyer = factory.SubFactory(LawyerFactory)
    title = factory.Sequence(lambda n: f"上海市优秀律师（第{n}届）")
    awarded_by = "上海市律师协会"
    year = factory.LazyFunction(lambda: timezone.localdate().year - 1)
    is_public = True


class FirmBranchFactory(DjangoModelFactory):
    class Meta:
        model = "members.FirmBranch"

    firm = factory.SubFactory(LawFirmFactory)
    name = factory.Sequence(lambda n: f"上海测试律师事务所北京第{n}分所")
    city = "北京"

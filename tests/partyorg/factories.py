"""Factories for the registry. Organizations are inserted directly (tests of the services
build them through the services); ``org_tree()`` gives the usual shape."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from apps.partyorg.models import (
    Activity,
    ActivityKind,
    Affiliation,
    CommitteePosition,
    DuesPayment,
    Election,
    FirmLiaison,
    Honor,
    HonorKind,
    HonorLevel,
    InnovativeCase,
    LiaisonRole,
    MajorMatterReport,
    MemberCategory,
    MembershipTransfer,
    OrgFirm,
    OrgKind,
    PartyMember,
    PartyOrganization,
    ResponsibilityZone,
    SecretaryTraining,
    TransferKind,
    Visit,
    VisitKind,
    ZoneKind,
)
from tests.members.factories import LawFirmFactory, LawyerFactory


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = PartyOrganization

    name = factory.Sequence(lambda n: f"测试党组织{n}")
    kind = OrgKind.BRANCH
    parent = None
    founded = dt.date(2015, 7, 1)


def sector() -> PartyOrganization:
    return OrganizationFactory(name="律师行业党委", kind=OrgKind.SECTOR_COMMITTEE)


def own_branch(parent: PartyOrganization, firm=None, **kwargs) -> PartyOrganization:
    firm = firm or LawFirmFactory()
    org = OrganizationFactory(parent=parent, kind=kwargs.pop("kind", OrgKind.BRANCH), **kwargs)
    OrgFirm.objects.create(organization=org, firm=firm)
    return org


def joint_branch(parent: PartyOrganization, firms, **kwargs) -> PartyOrganization:
    org = OrganizationFactory(parent=parent, kind=OrgKind.JOINT_BRANCH, **kwargs)
    for firm in firms:
        OrgFirm.objects.create(organization=org, firm=firm)
    return org


class PartyMemberFactory(DjangoModelFactory):
    class Meta:
        model = PartyMember

    lawyer = factory.SubFactory(LawyerFactory)
    name = factory.LazyAttribute(lambda o: o.lawyer.name if o.lawyer else "行政人员")
    category = MemberCategory.FULL
    joined_party_on = dt.date(2010, 7, 1)
    monthly_income = Decimal("8000")


def member_in(
    org: PartyOrganization,
    *,
    since: dt.date = dt.date(2020, 1, 1),
    firm=None,
    **kwargs,
) -> PartyMember:
    """A party member (a lawyer of `firm`, or of a new firm) currently in `org`."""
    if "lawyer" not in kwargs:
        kwargs["lawyer"] = LawyerFactory(firm=firm) if firm else LawyerFactory()
    member = PartyMemberFactory(**kwargs)
    Affiliation.objects.create(member=member, organization=org, started_on=since)
    return member


def seat(org: PartyOrganization, member: PartyMember, role: str) -> CommitteePosition:
    return CommitteePosition.objects.create(
        organization=org, member=member, role=role, started_on=dt.date(2022, 1, 1)
    )


# One factory per admin-registered model (tests/core/test_admin_matrix.py builds each).


class PartyOrganizationFactory(OrganizationFactory):
    """A firm's own branch under a sector committee, covering one firm."""

    parent = factory.LazyFunction(
        lambda: (
            PartyOrganization.objects.filter(kind=OrgKind.SECTOR_COMMITTEE).first()
            or OrganizationFactory(name="律师行业党委", kind=OrgKind.SECTOR_COMMITTEE)
        )
    )

    @factory.post_generation
    def firm(obj, create, extracted, **kwargs):
        if create:
            OrgFirm.objects.create(organization=obj, firm=extracted or LawFirmFactory())


class AffiliationFactory(DjangoModelFactory):
    class Meta:
        model = Affiliation

    member = factory.SubFactory(PartyMemberFactory)
    organization = factory.SubFactory(PartyOrganizationFactory)
    started_on = dt.date(2020, 1, 1)


class MembershipTransferFactory(DjangoModelFactory):
    class Meta:
        model = MembershipTransfer

    member = factory.SubFactory(PartyMemberFactory)
    kind = TransferKind.IN
    transferred_on = dt.date(2020, 1, 1)
    to_organization = factory.SubFactory(PartyOrganizationFactory)
    outside_party = "原单位党组织"


class DuesPaymentFactory(DjangoModelFactory):
    class Meta:
        model = DuesPayment

    member = factory.SubFactory(PartyMemberFactory)
    month = dt.date(2025, 1, 1)
    amount = Decimal("120.00")
    paid_on = dt.date(2025, 1, 20)


class HonorFactory(DjangoModelFactory):
    class Meta:
        model = Honor

    level = HonorLevel.MUNICIPAL
    kind = HonorKind.ADVANCED_ORGANIZATION
    title = "先进基层党组织"
    year = 2025
    awarded_by = "中共上海市委"
    organization = factory.SubFactory(PartyOrganizationFactory)


class SecretaryTrainingFactory(DjangoModelFactory):
    class Meta:
        model = SecretaryTraining

    title = factory.Sequence(lambda n: f"书记轮训第{n}期")
    starts_on = dt.date(2025, 4, 10)
    ends_on = dt.date(2025, 4, 12)


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    organization = factory.SubFactory(PartyOrganizationFactory)
    kind = ActivityKind.THEME_DAY
    held_on = dt.date(2025, 5, 20)
    title = "主题党日：重温入党誓词"


class FirmLiaisonFactory(DjangoModelFactory):
    class Meta:
        model = FirmLiaison

    firm = factory.SubFactory(LawFirmFactory)
    role = LiaisonRole.INSTRUCTOR
    name = "王建华"
    appointed_on = dt.date(2024, 3, 1)


class ElectionFactory(DjangoModelFactory):
    class Meta:
        model = Election

    organization = factory.SubFactory(PartyOrganizationFactory)
    held_on = dt.date(2024, 6, 1)
    seats = 3
    candidates = 4
    electorate = 20
    voters = 18
    term_start = dt.date(2024, 6, 1)
    term_planned_end = dt.date(2027, 6, 1)


class ResponsibilityZoneFactory(DjangoModelFactory):
    class Meta:
        model = ResponsibilityZone

    name = factory.Sequence(lambda n: f"第{n}党建责任区")
    kind = ZoneKind.ZONE
    responsible = factory.SubFactory(PartyMemberFactory)
    since = dt.date(2024, 3, 1)


class MajorMatterReportFactory(DjangoModelFactory):
    class Meta:
        model = MajorMatterReport

    organization = factory.SubFactory(PartyOrganizationFactory)
    title = "关于延期换届的请示"
    body = "请批示。"
    filed_on = dt.date(2025, 5, 6)
    reply_due = dt.date(2025, 5, 20)


class VisitFactory(DjangoModelFactory):
    class Meta:
        model = Visit

    organization = factory.SubFactory(PartyOrganizationFactory)
    kind = VisitKind.VISIT
    held_on = dt.date(2025, 5, 6)
    visitors = "行业党委委员"
    notes = "了解党组织建设情况。"


class InnovativeCaseFactory(DjangoModelFactory):
    class Meta:
        model = InnovativeCase

    organization = factory.SubFactory(PartyOrganizationFactory)
    year = 2025
    title = factory.Sequence(lambda n: f"党建创新案例{n}")
    summary = "做法与成效。"
    submitted_on = dt.date(2025, 5, 1)

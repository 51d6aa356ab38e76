"""Factories for the registry. Organizations are inserted directly (tests of the services
build them through the services); ``org_tree()`` gives the usual shape."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from apps.partyorg.models import (
    Affiliation,
    CommitteePosition,
    MemberCategory,
    OrgFirm,
    OrgKind,
    PartyMember,
    PartyOrganization,
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

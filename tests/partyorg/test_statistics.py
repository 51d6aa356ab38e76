"""The public figures, each checked against its written definition on a crafted registry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.members.models import LawyerStatus
from apps.members.selectors import member_counts_invalidate
from apps.partyorg.models import (
    Affiliation,
    FirmLiaison,
    Honor,
    HonorKind,
    HonorLevel,
    LiaisonRole,
    MemberCategory,
    OrgKind,
    OrgStatus,
    PositionRole,
    SecretaryTraining,
    TrainingAttendance,
)
from apps.partyorg.selectors import party_statistics_compute
from apps.partyorg.selectors.statistics import Rate
from tests.members.factories import LawFirmFactory, LawyerFactory, MembershipFactory
from tests.partyorg.factories import (
    OrganizationFactory,
    PartyMemberFactory,
    joint_branch,
    member_in,
    own_branch,
    seat,
)

pytestmark = pytest.mark.django_db


def _member_firm(**kwargs):
    firm = LawFirmFactory(**kwargs)
    MembershipFactory(lawyer=None, firm=firm)
    return firm


def _lawyer(firm, **kwargs):
    lawyer = LawyerFactory(firm=firm, **kwargs)
    MembershipFactory(lawyer=lawyer)
    return lawyer


@pytest.fixture
def registry(sector):
    """Six member firms:

    F1 firm party committee C1 (3 full party lawyers in its inner branch B1, 2 others);
    F2 + F3 joint branch J1 under a district body (F3: a probationary lawyer and a staff
    member); F4 a party lawyer whose organization is F6's, with an instructor; F5 no party
    members, no instructor, charter without party building; F6 independent branch IB
    (3 lawyers, and a suspended lawyer who is a party member). Plus a merged branch and a
    lawyer transferred out of the sector.
    """
    today = timezone.localdate()
    f1, f2, f3, f4, f6 = (_member_firm() for _ in range(5))
    f5 = _member_firm(charter_includes_party_building=False)
    district = OrganizationFactory(parent=sector, kind=OrgKind.DISTRICT, name="静安区")
    c1 = own_branch(sector, f1, kind=OrgKind.FIRM_COMMITTEE)
    b1 = OrganizationFactory(parent=c1, kind=OrgKind.BRANCH)
    j1 = joint_branch(district, [f2, f3])
    ib = own_branch(sector, f6)
    merged = OrganizationFactory(
        parent=sector, kind=OrgKind.BRANCH, status=OrgStatus.MERGED, status_date=today
    )
    b1_members = [member_in(b1, lawyer=_lawyer(f1)) for _ in range(3)]
    _lawyer(f1), _lawyer(f1)
    ib_members = [member_in(ib, lawyer=_lawyer(f6)) for _ in range(3)]
    j1_member = member_in(j1, lawyer=_lawyer(f2))
    member_in(
        j1,
        lawyer=_lawyer(f3),
        category=MemberCategory.PROBATIONARY,
        probation_due=today + dt.timedelta(days=100),
    )
    member_in(j1, lawyer=None, name="行政主管", staff_firm=f3)
    member_in(ib, lawyer=_lawyer(f4))
    member_in(ib, lawyer=_lawyer(f6, status=LawyerStatus.SUSPENDED))
    left = PartyMemberFactory(lawyer=_lawyer(f5))
    Affiliation.objects.create(
        member=left,
        organization=merged,
        started_on=dt.date(2015, 1, 1),
        ended_on=dt.date(2020, 1, 1),
    )
    _lawyer(f5)
    FirmLiaison.objects.create(
        firm=f4, role=LiaisonRole.LIAISON, name="刘联络", appointed_on=today - dt.timedelta(days=5)
    )
    # Secretaries: C1, B1, IB, J1. Two trained in the window, one long ago, one never.
    secretaries = [
        seat(c1, b1_members[0], PositionRole.SECRETARY),
        seat(b1, b1_members[1], PositionRole.SECRETARY),
        seat(ib, ib_members[0], PositionRole.SECRETARY),
        seat(j1, j1_member, PositionRole.SECRETARY),
    ]
    recent = SecretaryTraining.objects.create(
        title="书记轮训",
        starts_on=dt.date(today.year - 1, 4, 1),
        ends_on=dt.date(today.year - 1, 4, 3),
    )
    old = SecretaryTraining.objects.create(
        title="书记轮训（旧）",
        starts_on=dt.date(today.year - 4, 4, 1),
        ends_on=dt.date(today.year - 4, 4, 3),
    )
    TrainingAttendance.objects.create(training=recent, member=secretaries[0].member)
    TrainingAttendance.objects.create(training=recent, member=secretaries[1].member)
    TrainingAttendance.objects.create(training=old, member=secretaries[2].member)
    year = today.year
    for level, y in [
        (HonorLevel.NATIONAL, year),
        (HonorLevel.MUNICIPAL, year),
        (HonorLevel.MUNICIPAL, year),
        (HonorLevel.DISTRICT, year - 1),
        (HonorLevel.NATIONAL, year - 6),  # outside the five years
    ]:
        Honor.objects.create(
            level=level,
            kind=HonorKind.ADVANCED_ORGANIZATION,
            title="先进基层党组织",
            year=y,
            awarded_by="中共上海市委",
            organization=ib,
        )
    member_counts_invalidate()
    return today


def test_organizations_count_each_firms_top_organization_and_each_joint_branch(registry):
    stats = party_statistics_compute()
    assert stats.by_kind == {
        "firm_committee": 1,
        "general_branch": 0,
        "independent_branch": 1,
        "joint_branch": 1,
    }
    assert stats.organizations_total == 3  # not B1, the district body, the merged branch


def test_party_member_lawyers_and_their_share_of_practising_members(registry):
    stats = party_statistics_compute()
    # 3 (F1) + 3 (F6) + 1 (F2) + 1 probationary (F3) + 1 (F4); not the staff member, the
    # suspended lawyer or the one transferred out.
    assert stats.member_lawyers == 9
    # Practising individual members: F1 5, F6 3, F2 1, F3 1, F4 1, F5 2.
    assert stats.member_share == Rate(9, 13)
    assert stats.member_share.percent == Decimal("69.2")


def test_organizational_coverage(registry):
    # Firms with party members: F1, F2, F3, F4, F6; covered by an organization: all but F4.
    assert party_statistics_compute().org_coverage == Rate(4, 5)


def test_work_coverage_adds_firms_with_an_instructor_or_liaison(registry):
    # F1, F2, F3, F6 by organizations, F4 by its liaison; F5 not at all; of six firms.
    stats = party_statistics_compute()
    assert stats.work_coverage == Rate(5, 6)
    assert stats.work_coverage.percent == Decimal("83.3")


def test_charter_coverage(registry):
    assert party_statistics_compute().charter_coverage == Rate(5, 6)


def test_secretary_training_rate_counts_the_last_three_years(registry):
    assert party_statistics_compute().training_rate == Rate(2, 4)


def test_honours_by_year_and_level_over_five_years(registry):
    year = registry.year
    assert party_statistics_compute().honours == {
        year: {"national": 1, "municipal": 2},
        year - 1: {"district": 1},
    }


def test_rate_of_nothing_is_zero():
    assert Rate(0, 0).percent == Decimal("0.0")

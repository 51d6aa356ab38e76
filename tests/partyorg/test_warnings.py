"""Warning rules on crafted registries: each shows up on the health report, and only
where it should."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from apps.partyorg.models import (
    Activity,
    ActivityAttendance,
    ActivityKind,
    DuesPayment,
    FirmLiaison,
    LiaisonRole,
    MemberCategory,
    OrgKind,
    PositionRole,
)
from apps.partyorg.services import rules
from tests.members.factories import LawFirmFactory, LawyerFactory
from tests.partyorg.factories import (
    PartyMemberFactory,
    joint_branch,
    member_in,
    own_branch,
    seat,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 15)


def _labels(code):
    return [f.label for f in rules.registry_findings(today=TODAY)[code]]


def _fill(org, n, **kwargs):
    return [member_in(org, **kwargs) for _ in range(n)]


@pytest.mark.parametrize(("firms", "flagged"), [(5, False), (6, True)])
def test_joint_branch_over_five_firms(sector, firms, flagged):
    joint = joint_branch(sector, [LawFirmFactory() for _ in range(firms)])
    assert (joint.name in _labels("joint_too_many_firms")) is flagged


@pytest.mark.parametrize(
    ("kind", "full", "probationary", "codes"),
    [
        (OrgKind.BRANCH, 49, 1, set()),  # 50 members, 49 full: fine
        (OrgKind.BRANCH, 49, 2, {"branch_too_large"}),  # 51 members
        (OrgKind.BRANCH, 50, 0, {"should_be_general_branch"}),
        (OrgKind.JOINT_BRANCH, 55, 0, {"should_be_general_branch", "branch_too_large"}),
        (OrgKind.GENERAL_BRANCH, 80, 0, set()),
        (OrgKind.GENERAL_BRANCH, 100, 0, {"should_be_committee"}),
        (OrgKind.FIRM_COMMITTEE, 120, 0, set()),
    ],
)
def test_size_rules(sector, kind, full, probationary, codes):
    if kind == OrgKind.JOINT_BRANCH:
        org = joint_branch(sector, [LawFirmFactory(), LawFirmFactory()])
    else:
        org = own_branch(sector, kind=kind)
    firm = LawFirmFactory()
    _fill(org, full, firm=firm)
    _fill(
        org,
        probationary,
        firm=firm,
        category=MemberCategory.PROBATIONARY,
        probation_due=TODAY + relativedelta(months=6),
    )
    found = rules.registry_findings(today=TODAY)
    size_codes = {"branch_too_large", "should_be_general_branch", "should_be_committee"}
    assert {code for code in size_codes if any(f.label == org.name for f in found[code])} == codes


def test_members_in_branches_count_towards_their_committee(sector):
    committee = own_branch(sector, kind=OrgKind.GENERAL_BRANCH)
    firm = LawFirmFactory()
    for _ in range(2):
        branch = own_branch(committee)
        branch.firm_links.all().delete()
        _fill(branch, 50, firm=firm)
    assert committee.name in _labels("should_be_committee")


@pytest.mark.parametrize(
    ("full", "roles", "flagged"),
    [
        (3, [], True),  # no secretary
        (3, [PositionRole.SECRETARY], False),
        (8, [PositionRole.SECRETARY], True),  # should have a committee of 3+
        (8, [PositionRole.SECRETARY, PositionRole.DEPUTY, PositionRole.ORGANIZATION], False),
    ],
)
def test_committee_incomplete(sector, full, roles, flagged):
    org = own_branch(sector)
    members = _fill(org, full)
    for member, role in zip(members, roles, strict=False):
        seat(org, member, role)
    assert (org.name in _labels("committee_incomplete")) is flagged


@pytest.mark.parametrize(
    ("organized", "liaison", "flagged"),
    [(False, False, True), (False, True, False), (True, False, False)],
)
def test_firm_with_party_members_but_no_organization(sector, organized, liaison, flagged):
    firm = LawFirmFactory()
    home = own_branch(sector)  # the members' organization covers another firm
    member_in(home, firm=firm)
    if organized:
        joint_branch(sector, [firm, LawFirmFactory()])
    if liaison:
        FirmLiaison.objects.create(
            firm=firm, role=LiaisonRole.INSTRUCTOR, name="王建华", appointed_on=TODAY
        )
    assert (firm.name in _labels("firm_uncovered")) is flagged


@pytest.mark.parametrize(("due", "flagged"), [(TODAY, False), (TODAY - dt.timedelta(days=1), True)])
def test_probation_overdue(sector, due, flagged):
    member = member_in(own_branch(sector), category=MemberCategory.PROBATIONARY, probation_due=due)
    assert (member.name in _labels("probation_overdue")) is flagged


@pytest.mark.parametrize(
    ("paid_days_ago", "attended_days_ago", "flagged"),
    [
        (None, None, True),
        (30, None, False),
        (None, 30, False),
        (200, 200, True),
    ],
)
def test_member_without_dues_or_activity_for_six_months(
    sector, paid_days_ago, attended_days_ago, flagged
):
    org = own_branch(sector)
    member = member_in(org, since=dt.date(2020, 1, 1), lawyer=LawyerFactory(name="孙不活跃"))
    if paid_days_ago is not None:
        paid = TODAY - dt.timedelta(days=paid_days_ago)
        DuesPayment.objects.create(
            member=member, month=paid.replace(day=1), amount=Decimal("50"), paid_on=paid
        )
    if attended_days_ago is not None:
        activity = Activity.objects.create(
            organization=org,
            kind=ActivityKind.THEME_DAY,
            held_on=TODAY - dt.timedelta(days=attended_days_ago),
            title="主题党日",
        )
        ActivityAttendance.objects.create(activity=activity, member=member)
    assert ("孙不活跃" in _labels("inactive_member")) is flagged


@pytest.mark.parametrize(
    ("end", "code"),
    [
        (TODAY + dt.timedelta(days=91), None),
        (TODAY + dt.timedelta(days=90), "term_due"),
        (TODAY, "term_due"),
        (TODAY - dt.timedelta(days=1), "term_overdue"),
        (None, "term_missing"),
    ],
)
def test_terms(sector, end, code):
    start = end - relativedelta(years=3) if end else None
    org = own_branch(sector, term_start=start, term_planned_end=end)
    found = rules.registry_findings(today=TODAY)
    codes = {
        c
        for c in ("term_due", "term_overdue", "term_missing")
        if org.name in [f.label for f in found[c]]
    }
    assert codes == ({code} if code else set())


def test_dues_arrears_count_unpaid_months_since_joining(sector):
    org = own_branch(sector)
    veteran = member_in(org, since=dt.date(2020, 1, 1), lawyer=LawyerFactory(name="周老党员"))
    # Paid every month of the last year but two.
    for k in range(1, 13):
        month = TODAY.replace(day=1) - relativedelta(months=k)
        if k in (3, 7):
            continue
        DuesPayment.objects.create(
            member=veteran, month=month, amount=Decimal("120"), paid_on=month
        )
    newcomer = PartyMemberFactory(
        lawyer=LawyerFactory(name="吴新党员"), joined_party_on=TODAY - relativedelta(months=2)
    )
    from apps.partyorg.models import Affiliation

    Affiliation.objects.create(
        member=newcomer, organization=org, started_on=newcomer.joined_party_on
    )
    owing = {name: n for _pk, name, n in rules.dues_arrears(today=TODAY)}
    assert owing["周老党员"] == 2
    assert owing["吴新党员"] == 2  # the month they joined and last month


def test_health_report_is_empty_for_a_tidy_registry(sector):
    today = timezone.localdate()
    org = own_branch(sector, term_start=today, term_planned_end=today + relativedelta(years=3))
    firm = org.firms.get()
    members = [member_in(org, firm=firm, since=today - dt.timedelta(days=10)) for _ in range(3)]
    seat(org, members[0], PositionRole.SECRETARY)
    found = rules.registry_findings(today=today)
    assert {code: items for code, items in found.items() if items and code != "dues_arrears"} == {}

"""Every rule of the registry, table-driven: the pure hard-rule checks, the dues bands."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from apps.core.exceptions import DomainError
from apps.partyorg.models import OrgKind, PositionRole
from apps.partyorg.services import rules

S, D, P, ORG, G, M = (
    PositionRole.SECRETARY,
    PositionRole.DEPUTY,
    PositionRole.PROPAGANDA,
    PositionRole.ORGANIZATION,
    PositionRole.DISCIPLINE,
    PositionRole.MEMBER,
)


def test_every_rule_is_hard_or_warning_and_titled():
    assert {r.severity for r in rules.RULES.values()} == {"hard", "warning"}
    assert all(str(r.title) for r in rules.RULES.values())


@pytest.mark.parametrize(
    ("kind", "parent", "ok"),
    [
        (OrgKind.SECTOR_COMMITTEE, None, True),
        (OrgKind.DISTRICT, OrgKind.SECTOR_COMMITTEE, True),
        (OrgKind.FIRM_COMMITTEE, OrgKind.SECTOR_COMMITTEE, True),
        (OrgKind.FIRM_COMMITTEE, OrgKind.FIRM_COMMITTEE, False),
        (OrgKind.GENERAL_BRANCH, OrgKind.FIRM_COMMITTEE, True),
        (OrgKind.BRANCH, OrgKind.GENERAL_BRANCH, True),
        (OrgKind.BRANCH, OrgKind.DISTRICT, True),
        (OrgKind.BRANCH, None, False),
        (OrgKind.JOINT_BRANCH, OrgKind.DISTRICT, True),
        (OrgKind.JOINT_BRANCH, OrgKind.FIRM_COMMITTEE, False),
        (OrgKind.GROUP, OrgKind.BRANCH, True),
        (OrgKind.GROUP, OrgKind.SECTOR_COMMITTEE, False),
    ],
)
def test_structure(kind, parent, ok):
    if ok:
        rules.check_structure(kind=kind, parent_kind=parent)
    else:
        with pytest.raises(DomainError):
            rules.check_structure(kind=kind, parent_kind=parent)


@pytest.mark.parametrize(
    ("kind", "parent", "firms", "ok"),
    [
        (OrgKind.BRANCH, OrgKind.SECTOR_COMMITTEE, 1, True),  # a firm's own branch
        (OrgKind.BRANCH, OrgKind.SECTOR_COMMITTEE, 0, False),
        (OrgKind.BRANCH, OrgKind.SECTOR_COMMITTEE, 2, False),
        (OrgKind.FIRM_COMMITTEE, OrgKind.DISTRICT, 1, True),
        (OrgKind.JOINT_BRANCH, OrgKind.SECTOR_COMMITTEE, 1, False),
        (OrgKind.JOINT_BRANCH, OrgKind.SECTOR_COMMITTEE, 2, True),
        (OrgKind.JOINT_BRANCH, OrgKind.DISTRICT, 6, True),  # a warning, not refused
        (OrgKind.BRANCH, OrgKind.FIRM_COMMITTEE, 0, True),  # inside a firm's committee
        (OrgKind.BRANCH, OrgKind.FIRM_COMMITTEE, 1, False),
        (OrgKind.GROUP, OrgKind.BRANCH, 0, True),
    ],
)
def test_firm_coverage(kind, parent, firms, ok):
    if ok:
        rules.check_firm_coverage(kind=kind, parent_kind=parent, firm_count=firms)
    else:
        with pytest.raises(DomainError):
            rules.check_firm_coverage(kind=kind, parent_kind=parent, firm_count=firms)


@pytest.mark.parametrize(("full", "ok"), [(0, False), (2, False), (3, True), (40, True)])
def test_own_organization_needs_three_full_members(full, ok):
    if ok:
        rules.check_own_org_min_members(full_members=full)
    else:
        with pytest.raises(DomainError, match="联合党支部"):
            rules.check_own_org_min_members(full_members=full)


@pytest.mark.parametrize(
    ("kind", "full", "roles", "ok"),
    [
        # Fewer than 7 full members: a secretary and at most one deputy, no committee.
        (OrgKind.BRANCH, 6, [S], True),
        (OrgKind.BRANCH, 6, [S, D], True),
        (OrgKind.BRANCH, 6, [S, D, D], False),
        (OrgKind.BRANCH, 6, [S, P], False),
        (OrgKind.BRANCH, 3, [S, S], False),
        # 7 or more: a committee of up to 5 in a branch.
        (OrgKind.BRANCH, 7, [S, D, ORG, P, G], True),
        (OrgKind.BRANCH, 30, [S, D, ORG, P, G, M], False),
        (OrgKind.JOINT_BRANCH, 12, [S, ORG, P], True),
        # General branches and party committees: never over 7.
        (OrgKind.GENERAL_BRANCH, 60, [S, D, ORG, P, G, M, M], True),
        (OrgKind.FIRM_COMMITTEE, 150, [S, D, D, ORG, P, G, M, M], False),
        # Party groups have no committee.
        (OrgKind.GROUP, 10, [S], False),
    ],
)
def test_committee_composition(kind, full, roles, ok):
    if ok:
        rules.check_committee(kind=kind, full_members=full, roles=roles)
    else:
        with pytest.raises(DomainError):
            rules.check_committee(kind=kind, full_members=full, roles=roles)


START = dt.date(2024, 3, 1)


@pytest.mark.parametrize(
    ("kind", "end", "ok"),
    [
        (OrgKind.BRANCH, dt.date(2027, 3, 1), True),  # three years
        (OrgKind.BRANCH, dt.date(2028, 3, 1), True),  # a year's delay
        (OrgKind.BRANCH, dt.date(2028, 3, 3), False),  # more than a year's delay
        (OrgKind.GENERAL_BRANCH, dt.date(2027, 3, 1), True),
        (OrgKind.FIRM_COMMITTEE, dt.date(2029, 3, 1), True),  # five years
        (OrgKind.FIRM_COMMITTEE, dt.date(2030, 3, 1), True),
        (OrgKind.FIRM_COMMITTEE, dt.date(2030, 6, 1), False),
        (OrgKind.BRANCH, START, False),  # ends before it starts
        (OrgKind.GROUP, dt.date(2025, 3, 1), False),  # groups have no term
    ],
)
def test_term_length(kind, end, ok):
    if ok:
        rules.check_term(kind=kind, start=START, planned_end=end)
    else:
        with pytest.raises(DomainError):
            rules.check_term(kind=kind, start=START, planned_end=end)


@pytest.mark.parametrize(
    ("seats", "candidates", "electorate", "voters", "ok"),
    [
        (5, 6, 30, 25, True),  # 20 % more candidates; 25/30 > 4/5
        (5, 5, 30, 30, False),  # equal election (等额) is refused
        (3, 3, 10, 10, False),  # 3 × 1.2 = 3.6: four candidates needed
        (3, 4, 10, 9, True),
        (5, 6, 30, 24, False),  # exactly four fifths is not "over"
        (5, 6, 30, 31, False),  # more voters than members
        (0, 1, 10, 10, False),
    ],
)
def test_election(seats, candidates, electorate, voters, ok):
    if ok:
        rules.check_election(
            seats=seats, candidates=candidates, electorate=electorate, voters=voters
        )
    else:
        with pytest.raises(DomainError):
            rules.check_election(
                seats=seats, candidates=candidates, electorate=electorate, voters=voters
            )


DUE = dt.date(2025, 6, 1)


@pytest.mark.parametrize(
    ("new_due", "extended", "ok"),
    [
        (dt.date(2025, 12, 1), False, True),  # six months
        (dt.date(2026, 6, 1), False, True),  # twelve months
        (dt.date(2025, 9, 1), False, False),  # three months: too short
        (dt.date(2026, 7, 1), False, False),  # thirteen months: too long
        (dt.date(2025, 12, 1), True, False),  # only once
    ],
)
def test_probation_extension(new_due, extended, ok):
    if ok:
        rules.check_probation_extension(
            original_due=DUE, new_due=new_due, already_extended=extended
        )
    else:
        with pytest.raises(DomainError):
            rules.check_probation_extension(
                original_due=DUE, new_due=new_due, already_extended=extended
            )


@pytest.mark.parametrize(
    ("income", "dues"),
    [
        ("0", "0.00"),
        ("2000", "10.00"),  # 0.5 %
        ("3000", "15.00"),  # the band's upper bound is still 0.5 %
        ("3000.01", "30.00"),  # 1 %
        ("5000", "50.00"),
        ("8000", "120.00"),  # 1.5 %
        ("10000", "150.00"),
        ("10001", "200.02"),  # 2 %
        ("30000", "600.00"),
        ("-5", "0.00"),
    ],
)
def test_dues_bands(income, dues):
    assert rules.dues_monthly(Decimal(income)) == Decimal(dues)

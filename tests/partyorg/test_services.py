"""Services: the hard rules refuse, the database enforces one organization per person,
transfers keep the history, rosters on past dates come back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from apps.core.exceptions import DomainError
from apps.partyorg import services
from apps.partyorg.models import (
    Affiliation,
    CommitteePosition,
    MemberCategory,
    MembershipTransfer,
    OrgKind,
    OrgStatus,
    PositionRole,
    TransferKind,
)
from apps.partyorg.selectors import roster_on
from tests.members.factories import LawFirmFactory, LawyerFactory
from tests.partyorg.factories import joint_branch, member_in, own_branch, seat

pytestmark = pytest.mark.django_db
D = dt.date


# --- one organization at a time ------------------------------------------------------------


def test_database_refuses_a_second_current_organization(sector):
    a, b = own_branch(sector), own_branch(sector)
    member = member_in(a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Affiliation.objects.create(member=member, organization=b, started_on=D(2024, 1, 1))


def test_closed_affiliations_do_not_count_against_the_current_one(sector):
    a, b = own_branch(sector), own_branch(sector)
    member = member_in(a, since=D(2018, 1, 1))
    Affiliation.objects.filter(member=member).update(ended_on=D(2019, 1, 1))
    Affiliation.objects.create(member=member, organization=b, started_on=D(2019, 1, 1))
    assert Affiliation.objects.filter(member=member, ended_on__isnull=True).count() == 1


def test_register_refuses_a_lawyer_already_on_file(sector, party_staff):
    org = own_branch(sector)
    member = member_in(org)
    with pytest.raises(DomainError, match="已有党员档案"):
        services.member_register(
            actor=party_staff,
            organization=org,
            joined_on=D(2024, 1, 1),
            joined_party_on=D(2000, 1, 1),
            lawyer=member.lawyer,
        )


def test_register_sets_probation_due_one_year_on(sector, party_staff):
    org = own_branch(sector)
    member = services.member_register(
        actor=party_staff,
        organization=org,
        joined_on=D(2024, 5, 1),
        joined_party_on=D(2024, 4, 15),
        category=MemberCategory.PROBATIONARY,
        lawyer=LawyerFactory(),
    )
    assert member.probation_due == D(2025, 4, 15)
    assert member.transfers.get().kind == TransferKind.IN


def test_members_cannot_belong_to_the_sector_committee_itself(sector, party_staff):
    with pytest.raises(DomainError):
        services.member_register(
            actor=party_staff,
            organization=sector,
            joined_on=D(2024, 1, 1),
            joined_party_on=D(2000, 1, 1),
            lawyer=LawyerFactory(),
        )


def test_transfer_closes_the_old_stay_and_opens_the_new_one(sector, party_staff):
    a, b = own_branch(sector), own_branch(sector)
    member = member_in(a, since=D(2020, 1, 1))
    seat(a, member, PositionRole.SECRETARY)
    transfer = services.member_transfer(actor=party_staff, member=member, on=D(2024, 6, 1), to=b)
    assert transfer.kind == TransferKind.WITHIN
    assert transfer.from_organization == a
    stays = list(member.affiliations.order_by("started_on").values_list("organization", "ended_on"))
    assert stays == [(a.pk, D(2024, 6, 1)), (b.pk, None)]
    # Their seat on the old committee ends with the transfer.
    assert CommitteePosition.objects.get(member=member).ended_on == D(2024, 6, 1)


def test_transfer_out_of_the_sector_leaves_no_current_organization(sector, party_staff):
    a = own_branch(sector)
    member = member_in(a)
    services.member_transfer(
        actor=party_staff, member=member, on=D(2024, 6, 1), outside_party="某区机关党委"
    )
    assert not Affiliation.objects.filter(member=member, ended_on__isnull=True).exists()
    assert MembershipTransfer.objects.get(member=member).kind == TransferKind.OUT


@pytest.mark.parametrize(
    ("on", "to_same", "outside", "message"),
    [
        (D(2019, 12, 31), False, "", "晚于"),
        (D(2024, 1, 1), True, "", "相同"),
        (D(2024, 1, 1), None, "", "接收组织"),
    ],
)
def test_transfer_refusals(sector, party_staff, on, to_same, outside, message):
    a, b = own_branch(sector), own_branch(sector)
    member = member_in(a, since=D(2020, 1, 1))
    to = None if to_same is None else (a if to_same else b)
    with pytest.raises(DomainError, match=message):
        services.member_transfer(
            actor=party_staff, member=member, on=on, to=to, outside_party=outside
        )


# --- roster on a date ----------------------------------------------------------------------


def test_roster_on_a_past_date_is_reconstructed(sector, party_staff):
    a, b = own_branch(sector), own_branch(sector)
    stayer = member_in(a, since=D(2018, 1, 1))
    mover = member_in(a, since=D(2019, 1, 1))
    newcomer = member_in(b, since=D(2018, 1, 1))
    services.member_transfer(actor=party_staff, member=mover, on=D(2022, 3, 1), to=b)
    services.member_transfer(actor=party_staff, member=newcomer, on=D(2023, 1, 1), to=a)

    assert set(roster_on(a, D(2018, 6, 1))) == {stayer}
    assert set(roster_on(a, D(2021, 1, 1))) == {stayer, mover}
    assert set(roster_on(a, D(2022, 3, 1))) == {stayer}  # the mover left that day
    assert set(roster_on(a, D(2024, 1, 1))) == {stayer, newcomer}
    assert set(roster_on(b, D(2022, 6, 1))) == {mover, newcomer}
    assert set(roster_on(a, D(2017, 1, 1))) == set()


def test_roster_with_descendants_includes_branches_below(sector):
    committee = own_branch(sector, kind=OrgKind.FIRM_COMMITTEE)
    branch = own_branch(committee)
    branch.firm_links.all().delete()  # inner branches cover no firm
    m = member_in(branch)
    assert set(roster_on(committee, D(2024, 1, 1), include_descendants=True)) == {m}
    assert set(roster_on(committee, D(2024, 1, 1))) == set()


# --- organizations ---------------------------------------------------------------------------


def _full_members(firm, n, org):
    return [member_in(org, firm=firm) for _ in range(n)]


@pytest.mark.parametrize(("full", "ok"), [(2, False), (3, True)])
def test_a_firm_needs_three_full_members_for_its_own_branch(sector, party_staff, full, ok):
    firm = LawFirmFactory()
    joint = joint_branch(sector, [LawFirmFactory(), LawFirmFactory()])
    _full_members(firm, full, joint)
    # Probationary members do not count.
    member_in(joint, firm=firm, category=MemberCategory.PROBATIONARY, probation_due=D(2026, 1, 1))
    kwargs = {
        "actor": party_staff,
        "name": "上海某所党支部",
        "kind": OrgKind.BRANCH,
        "parent": sector,
        "founded": D(2024, 7, 1),
        "firms": [firm],
    }
    if ok:
        assert services.organization_create(**kwargs).kind == OrgKind.BRANCH
    else:
        with pytest.raises(DomainError, match="不足3名"):
            services.organization_create(**kwargs)


def test_a_firm_covered_by_an_organization_cannot_get_a_second_one(sector, party_staff):
    firm = LawFirmFactory()
    joint = joint_branch(sector, [firm, LawFirmFactory()])
    _full_members(firm, 3, joint)
    with pytest.raises(DomainError, match="已由"):
        services.organization_create(
            actor=party_staff,
            name="上海某所党支部",
            kind=OrgKind.BRANCH,
            parent=sector,
            founded=D(2024, 7, 1),
            firms=[firm],
        )


def test_create_own_branch_with_three_full_members_and_term(sector, party_staff):
    firm = LawFirmFactory()
    elsewhere = own_branch(sector)
    _full_members(firm, 3, elsewhere)
    org = services.organization_create(
        actor=party_staff,
        name="上海某所党支部",
        kind=OrgKind.BRANCH,
        parent=sector,
        founded=D(2024, 7, 1),
        firms=[firm],
        term_start=D(2024, 7, 1),
    )
    assert list(org.firms.all()) == [firm]
    assert org.term_planned_end == D(2027, 7, 1)
    assert org.history.count() == 1


def test_joint_branch_needs_two_firms(sector, party_staff):
    with pytest.raises(DomainError, match="两家以上"):
        services.organization_create(
            actor=party_staff,
            name="联合党支部",
            kind=OrgKind.JOINT_BRANCH,
            parent=sector,
            founded=D(2024, 7, 1),
            firms=[LawFirmFactory()],
        )


def test_services_check_the_actor(sector, member_services):
    with pytest.raises(PermissionDenied):
        services.organization_create(
            actor=member_services,
            name="联合党支部",
            kind=OrgKind.JOINT_BRANCH,
            parent=sector,
            founded=D(2024, 7, 1),
            firms=[LawFirmFactory(), LawFirmFactory()],
        )


def test_cannot_move_an_organization_below_itself(sector, party_staff):
    committee = own_branch(sector, kind=OrgKind.FIRM_COMMITTEE)
    general = own_branch(committee, kind=OrgKind.GENERAL_BRANCH)
    general.firm_links.all().delete()
    committee.refresh_from_db()
    with pytest.raises(DomainError):
        services.organization_move(actor=party_staff, org=committee, parent=general)


def test_move_records_history(sector, party_staff):
    district = own_branch(sector, kind=OrgKind.DISTRICT)
    district.firm_links.all().delete()
    branch = own_branch(sector)
    services.organization_move(actor=party_staff, org=branch, parent=district)
    branch.refresh_from_db()
    assert branch.parent == district
    assert branch.history.count() == 2  # created, moved
    assert branch.history.first().parent_id == district.pk


def test_merge_moves_members_to_the_successor(sector, party_staff):
    a, b = own_branch(sector), own_branch(sector)
    m1, m2 = member_in(a), member_in(a)
    services.organization_close(
        actor=party_staff, org=a, status=OrgStatus.MERGED, on=D(2024, 9, 1), successor=b
    )
    a.refresh_from_db()
    assert (a.status, a.successor) == (OrgStatus.MERGED, b)
    assert set(roster_on(b, D(2024, 9, 1))) == {m1, m2}
    assert not a.firm_links.exists()


def test_dissolving_an_organization_with_members_is_refused(sector, party_staff):
    a = own_branch(sector)
    member_in(a)
    with pytest.raises(DomainError, match="还有党员"):
        services.organization_close(
            actor=party_staff, org=a, status=OrgStatus.DISSOLVED, on=D(2024, 9, 1)
        )


# --- committee and elections -----------------------------------------------------------------


def test_small_branch_gets_secretary_and_one_deputy_only(sector, party_staff):
    org = own_branch(sector)
    members = [member_in(org) for _ in range(4)]
    services.position_appoint(
        actor=party_staff,
        org=org,
        member=members[0],
        role=PositionRole.SECRETARY,
        started_on=D(2024, 1, 1),
    )
    services.position_appoint(
        actor=party_staff,
        org=org,
        member=members[1],
        role=PositionRole.DEPUTY,
        started_on=D(2024, 1, 1),
    )
    with pytest.raises(DomainError, match="不足7人"):
        services.position_appoint(
            actor=party_staff,
            org=org,
            member=members[2],
            role=PositionRole.PROPAGANDA,
            started_on=D(2024, 1, 1),
        )


def test_committee_seat_needs_a_member_of_the_organization(sector, party_staff):
    org, other = own_branch(sector), own_branch(sector)
    outsider = member_in(other)
    with pytest.raises(DomainError, match="本组织"):
        services.position_appoint(
            actor=party_staff,
            org=org,
            member=outsider,
            role=PositionRole.SECRETARY,
            started_on=D(2024, 1, 1),
        )


def test_database_allows_one_current_secretary(sector):
    org = own_branch(sector)
    a, b = member_in(org), member_in(org)
    seat(org, a, PositionRole.SECRETARY)
    with pytest.raises(IntegrityError), transaction.atomic():
        seat(org, b, PositionRole.SECRETARY)


def test_valid_election_starts_a_new_term(sector, party_staff):
    org = own_branch(sector, term_start=D(2021, 5, 1), term_planned_end=D(2024, 5, 1))
    election = services.election_record(
        actor=party_staff,
        org=org,
        held_on=D(2024, 4, 20),
        seats=3,
        candidates=4,
        electorate=20,
        voters=18,
    )
    org.refresh_from_db()
    assert (org.term_start, org.term_planned_end) == (D(2024, 4, 20), D(2027, 4, 20))
    assert election.term_planned_end == D(2027, 4, 20)


def test_election_without_enough_candidates_is_refused(sector, party_staff):
    org = own_branch(sector)
    with pytest.raises(DomainError, match="20%"):
        services.election_record(
            actor=party_staff,
            org=org,
            held_on=D(2024, 4, 20),
            seats=5,
            candidates=5,
            electorate=20,
            voters=18,
        )


# --- probation and dues ------------------------------------------------------------------------


def test_probation_extends_once(sector, party_staff):
    org = own_branch(sector)
    m = member_in(org, category=MemberCategory.PROBATIONARY, probation_due=D(2025, 3, 1))
    services.probation_extend(actor=party_staff, member=m, new_due=D(2025, 12, 1))
    with pytest.raises(DomainError, match="一次"):
        services.probation_extend(actor=party_staff, member=m, new_due=D(2026, 3, 1))
    services.member_make_full(actor=party_staff, member=m, on=D(2025, 12, 1))
    m.refresh_from_db()
    assert m.category == MemberCategory.FULL


def test_dues_default_to_the_income_band_and_are_recorded_once(sector, party_staff):
    org = own_branch(sector)
    m = member_in(org)  # 8,000 a month: 1.5 %
    payment = services.dues_record(
        actor=party_staff, member=m, month=D(2024, 5, 17), paid_on=D(2024, 5, 20)
    )
    assert (payment.month, str(payment.amount)) == (D(2024, 5, 1), "120.00")
    with pytest.raises(DomainError, match="已登记"):
        services.dues_record(
            actor=party_staff, member=m, month=D(2024, 5, 1), paid_on=D(2024, 6, 1)
        )


# --- races ------------------------------------------------------------------------------------


def _race(*calls):
    """Run the calls at the same moment on their own connections; their outcomes."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call):
        try:
            barrier.wait(timeout=60)  # generous: a loaded CI machine starts threads late
            call()
            outcomes.append("ok")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return sorted(outcomes)


def test_a_registration_that_lost_the_race_before_validation_is_refused_not_an_error(
    party_staff, sector, monkeypatch
):
    """The other registration commits after this one's check but before its
    full_clean(): the constraint test there finds the record — a refusal, as when the
    INSERT itself collides (CI once saw a bare ValidationError escape here)."""
    from apps.partyorg.services import members as member_services

    lawyer = LawyerFactory()
    services.member_register(
        actor=party_staff,
        organization=own_branch(sector),
        joined_on=D(2024, 1, 1),
        joined_party_on=D(2000, 1, 1),
        lawyer=lawyer,
    )
    monkeypatch.setattr(member_services, "member_register_check", lambda **kwargs: None)

    with pytest.raises(DomainError, match="已有党员档案"):
        services.member_register(
            actor=party_staff,
            organization=own_branch(sector),
            joined_on=D(2024, 1, 1),
            joined_party_on=D(2000, 1, 1),
            lawyer=lawyer,
        )


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_of_one_lawyer_have_one_winner(party_staff, sector):
    a, b = own_branch(sector), own_branch(sector)
    lawyer = LawyerFactory()

    def register(org):
        return lambda: services.member_register(
            actor=party_staff,
            organization=org,
            joined_on=D(2024, 1, 1),
            joined_party_on=D(2000, 1, 1),
            lawyer=lawyer,
        )

    assert _race(register(a), register(b)) == ["ok", "refused"]
    assert Affiliation.objects.filter(member__lawyer=lawyer, ended_on__isnull=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_transfers_of_one_member_leave_one_current_organization(party_staff, sector):
    a, b, c = own_branch(sector), own_branch(sector), own_branch(sector)
    member = member_in(a, since=D(2020, 1, 1))

    def move(to):
        return lambda: services.member_transfer(
            actor=party_staff, member=member, on=D(2024, 6, 1), to=to
        )

    assert _race(move(b), move(c)) == ["ok", "refused"]
    assert Affiliation.objects.filter(member=member, ended_on__isnull=True).count() == 1

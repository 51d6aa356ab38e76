"""Writes for organizations: create, re-parent, firms covered, terms, committees, elections,
closing (merge/dissolve) and party-building liaisons. Each checks the actor, locks what it
changes, applies the hard rules (rules.check_*) and saves with full_clean()."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from apps.core.exceptions import DomainError
from apps.members.models import LawFirm

from .. import permissions
from ..models import (
    TERM_YEARS,
    Affiliation,
    CommitteePosition,
    Election,
    FirmLiaison,
    MemberCategory,
    OrgFirm,
    OrgKind,
    OrgStatus,
    PartyMember,
    PartyOrganization,
    PositionRole,
)
from . import rules


def firm_full_members(firm: LawFirm | int) -> int:
    """Current full party members working in the firm (lawyers and staff)."""
    firm_id = firm.pk if isinstance(firm, LawFirm) else firm
    return (
        PartyMember.objects.filter(
            affiliations__ended_on__isnull=True, category=MemberCategory.FULL
        )
        .filter(Q(lawyer__firm_id=firm_id) | Q(lawyer__isnull=True, staff_firm_id=firm_id))
        .count()
    )


def organization_full_members(org: PartyOrganization) -> int:
    """Current full members of the organization and the organizations below it."""
    return Affiliation.objects.filter(
        ended_on__isnull=True,
        member__category=MemberCategory.FULL,
        organization__tree_id=org.tree_id,
        organization__lft__gte=org.lft,
        organization__rght__lte=org.rght,
    ).count()


def member_in_organization(*, member: PartyMember, org: PartyOrganization) -> bool:
    """Is the member currently in `org` or an organization below it?"""
    return Affiliation.objects.filter(
        member=member,
        ended_on__isnull=True,
        organization__tree_id=org.tree_id,
        organization__lft__gte=org.lft,
        organization__rght__lte=org.rght,
    ).exists()


def organization_check(
    *,
    org: PartyOrganization | None,
    kind: str,
    parent: PartyOrganization | None,
    firms: Sequence[LawFirm],
    term_start: dt.date | None,
    term_planned_end: dt.date | None,
    pending_full_members: int = 0,
) -> None:
    """Every hard rule for an organization as it would be saved (org=None: a new one)."""
    parent_kind = parent.kind if parent else None
    rules.check_structure(kind=kind, parent_kind=parent_kind)
    if parent is not None and not parent.is_active:
        raise DomainError(gettext("上级组织已合并或撤销。"))
    if (
        org is not None
        and org.pk
        and parent is not None
        and (parent.pk == org.pk or parent.is_descendant_of(org))
    ):
        raise DomainError(gettext("不能把组织移到它自己或其下级组织之下。"))
    rules.check_firm_coverage(kind=kind, parent_kind=parent_kind, firm_count=len(firms))
    if org is None and rules.is_firm_top_level(kind, parent_kind):
        rules.check_own_org_min_members(
            full_members=firm_full_members(firms[0]) + pending_full_members
        )
    clash = OrgFirm.objects.filter(
        firm__in=[f.pk for f in firms], organization__status=OrgStatus.ACTIVE
    ).select_related("firm", "organization")
    if org is not None and org.pk:
        clash = clash.exclude(organization=org)
    taken = clash.first()
    if taken is not None:
        raise DomainError(
            gettext("%(firm)s已由%(org)s覆盖。") % {"firm": taken.firm, "org": taken.organization}
        )
    if term_start and not term_planned_end and kind in TERM_YEARS:
        term_planned_end = rules.term_planned_end(kind=kind, start=term_start)
    rules.check_term(kind=kind, start=term_start, planned_end=term_planned_end)
    if org is not None and org.pk:
        roles = list(
            CommitteePosition.objects.filter(organization=org, ended_on__isnull=True).values_list(
                "role", flat=True
            )
        )
        rules.check_committee(kind=kind, full_members=organization_full_members(org), roles=roles)


@transaction.atomic
def organization_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    parent: PartyOrganization | None,
    founded: dt.date,
    firms: Sequence[LawFirm] = (),
    term_start: dt.date | None = None,
    term_planned_end: dt.date | None = None,
    pending_full_members: int = 0,
) -> PartyOrganization:
    """A new organization. `pending_full_members`: full members of the firm that an import
    registers right after it (they need the organization to exist first)."""
    permissions.require(permissions.can_manage(actor))
    if parent is not None:
        parent = PartyOrganization.objects.select_for_update().get(pk=parent.pk)
    firms = list(LawFirm.objects.select_for_update().filter(pk__in=[f.pk for f in firms]))
    if term_start and not term_planned_end and kind in TERM_YEARS:
        term_planned_end = rules.term_planned_end(kind=kind, start=term_start)
    organization_check(
        org=None,
        kind=kind,
        parent=parent,
        firms=firms,
        term_start=term_start,
        term_planned_end=term_planned_end,
        pending_full_members=pending_full_members,
    )
    org = PartyOrganization(
        name=name.strip(),
        kind=kind,
        parent=parent,
        founded=founded,
        term_start=term_start,
        term_planned_end=term_planned_end,
    )
    org.full_clean()
    org._change_reason = gettext("新建")
    org.save()
    OrgFirm.objects.bulk_create(
        [OrgFirm(organization=org, firm=firm, since=founded) for firm in firms]
    )
    rules.stats_changed()
    return org


@transaction.atomic
def organization_update(
    *,
    actor: Any,
    org: PartyOrganization,
    firms: Sequence[LawFirm] | None = None,
    **fields: Any,
) -> PartyOrganization:
    """Change fields (name, kind, parent, founded, term_start, term_planned_end) and/or the
    firms covered, re-checking every hard rule against the result."""
    permissions.require(permissions.can_manage(actor))
    org = PartyOrganization.objects.select_for_update().get(pk=org.pk)
    allowed = {"name", "kind", "parent", "founded", "term_start", "term_planned_end"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"organization_update() got unexpected fields {sorted(unknown)}")
    for key, value in fields.items():
        setattr(org, key, value)
    firm_list = (
        list(LawFirm.objects.filter(pk__in=[f.pk for f in firms]))
        if firms is not None
        else list(org.firms.all())
    )
    organization_check(
        org=org,
        kind=org.kind,
        parent=org.parent,
        firms=firm_list,
        term_start=org.term_start,
        term_planned_end=org.term_planned_end,
    )
    org.full_clean()
    org._change_reason = gettext("修改")
    org.save()
    if firms is not None:
        org.firm_links.exclude(firm__in=firm_list).delete()
        have = set(org.firm_links.values_list("firm_id", flat=True))
        OrgFirm.objects.bulk_create(
            [OrgFirm(organization=org, firm=f) for f in firm_list if f.pk not in have]
        )
    rules.stats_changed()
    return org


@transaction.atomic
def organization_move(
    *, actor: Any, org: PartyOrganization, parent: PartyOrganization
) -> PartyOrganization:
    """Re-parent (the admin's drag-and-drop goes through here)."""
    return organization_update(actor=actor, org=org, parent=parent)


@transaction.atomic
def organization_close(
    *,
    actor: Any,
    org: PartyOrganization,
    status: str,
    on: dt.date,
    successor: PartyOrganization | None = None,
) -> PartyOrganization:
    """Merge into `successor` (members move with it) or dissolve (no members may remain)."""
    permissions.require(permissions.can_manage(actor))
    org = PartyOrganization.objects.select_for_update().get(pk=org.pk)
    if not org.is_active:
        raise DomainError(gettext("该组织已合并或撤销。"))
    if org.get_children().filter(status=OrgStatus.ACTIVE).exists():
        raise DomainError(gettext("请先处理其下级组织。"))
    current = Affiliation.objects.select_for_update().filter(
        organization=org, ended_on__isnull=True
    )
    if status == OrgStatus.MERGED:
        if successor is None or not successor.is_active or successor.pk == org.pk:
            raise DomainError(gettext("合并须指定一个正常的承继组织。"))
        moved = list(current)
        for aff in moved:
            if aff.started_on >= on:
                raise DomainError(gettext("合并日期须晚于党员转入日期。"))
            aff.ended_on = on
        Affiliation.objects.bulk_update(moved, ["ended_on"])
        Affiliation.objects.bulk_create(
            [
                Affiliation(member_id=a.member_id, organization=successor, started_on=on)
                for a in moved
            ]
        )
    elif status == OrgStatus.DISSOLVED:
        if current.exists():
            raise DomainError(gettext("组织内还有党员，请先办理组织关系转接。"))
        successor = None
    else:
        raise DomainError(gettext("无效的状态。"))
    CommitteePosition.objects.filter(organization=org, ended_on__isnull=True).update(ended_on=on)
    org.status, org.status_date, org.successor = status, on, successor
    org.full_clean()
    org._change_reason = OrgStatus(status).label
    org.save()
    org.firm_links.all().delete()
    rules.stats_changed()
    return org


# --- committee ---------------------------------------------------------------------------


def _check_current_committee(org: PartyOrganization, extra_role: str | None = None) -> None:
    roles = list(
        CommitteePosition.objects.filter(organization=org, ended_on__isnull=True).values_list(
            "role", flat=True
        )
    )
    if extra_role:
        roles.append(extra_role)
    rules.check_committee(kind=org.kind, full_members=organization_full_members(org), roles=roles)


@transaction.atomic
def position_appoint(
    *,
    actor: Any,
    org: PartyOrganization,
    member: PartyMember,
    role: str,
    started_on: dt.date,
) -> CommitteePosition:
    permissions.require(permissions.can_manage(actor))
    org = PartyOrganization.objects.select_for_update().get(pk=org.pk)
    if not org.is_active:
        raise DomainError(gettext("该组织已合并或撤销。"))
    in_org = member_in_organization(member=member, org=org)
    if not in_org:
        raise DomainError(gettext("委员须是本组织的党员。"))
    if (
        role in (PositionRole.SECRETARY, PositionRole.DEPUTY)
        and member.category != MemberCategory.FULL
    ):
        raise DomainError(gettext("书记、副书记须由正式党员担任。"))
    _check_current_committee(org, extra_role=role)
    position = CommitteePosition(organization=org, member=member, role=role, started_on=started_on)
    position.full_clean()
    position.save()
    return position


@transaction.atomic
def position_end(
    *, actor: Any, position: CommitteePosition, ended_on: dt.date
) -> CommitteePosition:
    permissions.require(permissions.can_manage(actor))
    position = CommitteePosition.objects.select_for_update().get(pk=position.pk)
    if position.ended_on is not None:
        raise DomainError(gettext("该职务已离任。"))
    if ended_on < position.started_on:
        raise DomainError(gettext("离任日期不能早于任职日期。"))
    position.ended_on = ended_on
    position.save(update_fields=["ended_on"])
    return position


@transaction.atomic
def election_record(
    *,
    actor: Any,
    org: PartyOrganization,
    held_on: dt.date,
    seats: int,
    candidates: int,
    electorate: int,
    voters: int,
) -> Election:
    """Record a valid re-election and start the new term from its date."""
    permissions.require(permissions.can_manage(actor))
    org = PartyOrganization.objects.select_for_update().get(pk=org.pk)
    if org.kind not in TERM_YEARS:
        raise DomainError(gettext("该类组织不登记任期。"))
    rules.check_election(seats=seats, candidates=candidates, electorate=electorate, voters=voters)
    if seats > rules.max_committee_size(org.kind):
        raise DomainError(gettext("应选人数超过委员会人数上限。"))
    planned_end = rules.term_planned_end(kind=org.kind, start=held_on)
    election = Election(
        organization=org,
        held_on=held_on,
        seats=seats,
        candidates=candidates,
        electorate=electorate,
        voters=voters,
        term_start=held_on,
        term_planned_end=planned_end,
    )
    election.full_clean()
    election.save()
    org.term_start, org.term_planned_end = held_on, planned_end
    org._change_reason = gettext("换届选举")
    org.save(update_fields=["term_start", "term_planned_end", "updated_at"])
    return election


# --- liaisons ----------------------------------------------------------------------------


@transaction.atomic
def liaison_appoint(
    *, actor: Any, firm: LawFirm, role: str, name: str, appointed_on: dt.date
) -> FirmLiaison:
    permissions.require(permissions.can_manage(actor))
    liaison = FirmLiaison(firm=firm, role=role, name=name.strip(), appointed_on=appointed_on)
    liaison.full_clean()
    liaison.save()
    return liaison


__all__ = [
    "OrgKind",
    "election_record",
    "firm_full_members",
    "liaison_appoint",
    "member_in_organization",
    "organization_check",
    "organization_close",
    "organization_create",
    "organization_full_members",
    "organization_move",
    "organization_update",
    "position_appoint",
    "position_end",
]

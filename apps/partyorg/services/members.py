"""Writes for party members: registering, transfers (组织关系转接), probation, dues,
training and activity attendance. A member belongs to exactly one organization at a time:
the services close the old Affiliation and open the new one in one transaction, and the
partial unique index ``partyorg_one_current_organization`` makes a second current row
impossible even for two concurrent requests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from apps.core.exceptions import DomainError
from apps.members.models import LawFirm, Lawyer

from .. import permissions
from ..models import (
    LEADING_KINDS,
    Activity,
    ActivityAttendance,
    Affiliation,
    DuesPayment,
    MemberCategory,
    MembershipTransfer,
    OrgKind,
    PartyMember,
    PartyOrganization,
    SecretaryTraining,
    TrainingAttendance,
    TransferKind,
)
from . import rules


def _check_can_hold_members(org: PartyOrganization) -> None:
    if not org.is_active:
        raise DomainError(gettext("该组织已合并或撤销。"))
    if org.kind in (OrgKind.GROUP, *LEADING_KINDS):
        raise DomainError(gettext("党员的组织关系须落在党支部、党总支或党委。"))


def _open(member: PartyMember, org: PartyOrganization, on: dt.date) -> Affiliation:
    aff = Affiliation(member=member, organization=org, started_on=on)
    aff.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            aff.save()
    except IntegrityError as exc:
        raise DomainError(gettext("该党员已有所属党组织，请办理组织关系转接。")) from exc
    return aff


def member_register_check(
    *,
    organization: PartyOrganization,
    lawyer: Lawyer | None,
    name: str = "",
    staff_firm: LawFirm | None = None,
) -> None:
    _check_can_hold_members(organization)
    if lawyer is None and (not name.strip() or staff_firm is None):
        raise DomainError(gettext("非律师党员须填写姓名和所在律所。"))
    if lawyer is not None and PartyMember.objects.filter(lawyer=lawyer).exists():
        raise DomainError(gettext("该律师已有党员档案。"))


@transaction.atomic
def member_register(
    *,
    actor: Any,
    organization: PartyOrganization,
    joined_on: dt.date,
    joined_party_on: dt.date,
    category: str = MemberCategory.FULL,
    lawyer: Lawyer | None = None,
    name: str = "",
    staff_firm: LawFirm | None = None,
    monthly_income: Decimal = Decimal("0"),
    from_outside: str = "",
    letter_no: str = "",
) -> PartyMember:
    """Record a member entering the sector's registry (a transfer in from outside)."""
    permissions.require(permissions.can_manage_members(actor))
    org = PartyOrganization.objects.select_for_update().get(pk=organization.pk)
    member_register_check(organization=org, lawyer=lawyer, name=name, staff_firm=staff_firm)
    if lawyer is not None:
        name, staff_firm = lawyer.name, None
    member = PartyMember(
        lawyer=lawyer,
        name=name.strip(),
        staff_firm=staff_firm,
        category=category,
        joined_party_on=joined_party_on,
        monthly_income=monthly_income,
    )
    if category == MemberCategory.PROBATIONARY:
        member.probation_due = joined_party_on + rules.PROBATION
    try:
        member.full_clean()
    except ValidationError as exc:
        # A concurrent registration of the same lawyer committed after the check above:
        # full_clean's unique-constraint test sees it before the INSERT would.
        if lawyer is not None and PartyMember.objects.filter(lawyer=lawyer).exists():
            raise DomainError(gettext("该律师已有党员档案。")) from exc
        raise
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as exc:  # ... or commits between full_clean and the INSERT
        raise DomainError(gettext("该律师已有党员档案。")) from exc
    _open(member, org, joined_on)
    MembershipTransfer.objects.create(
        member=member,
        kind=TransferKind.IN,
        transferred_on=joined_on,
        to_organization=org,
        outside_party=from_outside,
        letter_no=letter_no,
    )
    rules.stats_changed()
    return member


def member_transfer_check(
    *,
    member: PartyMember,
    on: dt.date,
    to: PartyOrganization | None,
    outside_party: str,
    current: Affiliation | None = None,
) -> None:
    if current is None:
        current = Affiliation.objects.filter(member=member, ended_on__isnull=True).first()
    if current is None:
        raise DomainError(gettext("该党员目前没有所属党组织，请按转入办理。"))
    if on <= current.started_on:
        raise DomainError(gettext("转接日期须晚于转入当前组织的日期。"))
    if to is not None:
        _check_can_hold_members(to)
        if to.pk == current.organization_id:
            raise DomainError(gettext("转入组织与当前组织相同。"))
    elif not outside_party.strip():
        raise DomainError(gettext("转出行业须填写接收组织。"))


@transaction.atomic
def member_transfer(
    *,
    actor: Any,
    member: PartyMember,
    on: dt.date,
    to: PartyOrganization | None = None,
    outside_party: str = "",
    letter_no: str = "",
) -> MembershipTransfer:
    """Move a member to `to`, or (``to=None``) out of the sector on `on`."""
    permissions.require(permissions.can_manage_members(actor))
    member = PartyMember.objects.select_for_update().get(pk=member.pk)
    current = (
        Affiliation.objects.select_for_update()
        .select_related("organization")
        .filter(member=member, ended_on__isnull=True)
        .first()
    )
    if to is not None:
        to = PartyOrganization.objects.select_for_update().get(pk=to.pk)
    member_transfer_check(member=member, on=on, to=to, outside_party=outside_party, current=current)
    assert current is not None
    current.ended_on = on
    current.save(update_fields=["ended_on"])
    member.positions.filter(ended_on__isnull=True).update(ended_on=on)
    if to is not None:
        _open(member, to, on)
    transfer = MembershipTransfer(
        member=member,
        kind=TransferKind.WITHIN if to is not None else TransferKind.OUT,
        transferred_on=on,
        from_organization=current.organization,
        to_organization=to,
        outside_party=outside_party.strip(),
        letter_no=letter_no,
    )
    transfer.full_clean()
    transfer.save()
    rules.stats_changed()
    return transfer


@transaction.atomic
def member_make_full(*, actor: Any, member: PartyMember, on: dt.date) -> PartyMember:
    permissions.require(permissions.can_manage_members(actor))
    member = PartyMember.objects.select_for_update().get(pk=member.pk)
    if member.category != MemberCategory.PROBATIONARY:
        raise DomainError(gettext("该党员不是预备党员。"))
    if on < member.joined_party_on:
        raise DomainError(gettext("转正日期不能早于入党日期。"))
    member.category, member.full_member_on = MemberCategory.FULL, on
    member.save(update_fields=["category", "full_member_on", "updated_at"])
    return member


@transaction.atomic
def probation_extend(*, actor: Any, member: PartyMember, new_due: dt.date) -> PartyMember:
    permissions.require(permissions.can_manage_members(actor))
    member = PartyMember.objects.select_for_update().get(pk=member.pk)
    if member.category != MemberCategory.PROBATIONARY or member.probation_due is None:
        raise DomainError(gettext("该党员不是预备党员。"))
    rules.check_probation_extension(
        original_due=member.probation_due,
        new_due=new_due,
        already_extended=member.probation_extended,
    )
    member.probation_due, member.probation_extended = new_due, True
    member.save(update_fields=["probation_due", "probation_extended", "updated_at"])
    return member


@transaction.atomic
def dues_record(
    *,
    actor: Any,
    member: PartyMember,
    month: dt.date,
    paid_on: dt.date,
    amount: Decimal | None = None,
) -> DuesPayment:
    """Record one month's dues; the amount defaults to the band for the declared income."""
    permissions.require(permissions.can_manage_members(actor))
    month = month.replace(day=1)
    if amount is None:
        amount = rules.dues_monthly(member.monthly_income)
    payment = DuesPayment(member=member, month=month, amount=amount, paid_on=paid_on)
    payment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError as exc:
        raise DomainError(gettext("该月党费已登记。")) from exc
    return payment


@transaction.atomic
def training_attendance_record(
    *, actor: Any, training: SecretaryTraining, members: Sequence[PartyMember]
) -> int:
    permissions.require(permissions.can_manage_members(actor))
    rows = TrainingAttendance.objects.bulk_create(
        [TrainingAttendance(training=training, member=m) for m in members], ignore_conflicts=True
    )
    return len(rows)


@transaction.atomic
def activity_record(
    *,
    actor: Any,
    organization: PartyOrganization,
    kind: str,
    held_on: dt.date,
    title: str,
    attendees: Sequence[PartyMember] = (),
) -> Activity:
    permissions.require(permissions.can_manage(actor))
    activity = Activity(organization=organization, kind=kind, held_on=held_on, title=title)
    activity.full_clean()
    activity.save()
    ActivityAttendance.objects.bulk_create(
        [ActivityAttendance(activity=activity, member=m) for m in attendees],
        ignore_conflicts=True,
    )
    return activity

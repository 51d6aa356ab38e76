"""Writes for members: account activation, firm record, administrators, memberships, dues."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.exceptions import DomainError

from .models import (
    DuesInvoice,
    FirmAdministrator,
    LawFirm,
    Lawyer,
    LawyerStatus,
    Membership,
)
from .validators import normalise_code

# Fields of the firm record that the firm's administrators keep themselves; the rest
# (name, codes, district, status, type) come from the justice bureau via staff.
FIRM_CONTACT_FIELDS = ("name_en", "address", "phone", "email", "website")


# --- Account activation ---------------------------------------------------------------


def lawyer_for_activation(*, licence_no: str, name: str, email: str) -> Lawyer:
    """The lawyer a sign-up may activate, or DomainError saying why not.

    The licence number and name are public (the public lookup shows both), so saying
    which one is wrong leaks nothing. What proves identity is the e-mail: it must be the
    address registered with the association, and allauth then verifies it before the
    account can log in.
    """
    licence_no = normalise_code(licence_no)
    lawyer = Lawyer.objects.filter(licence_no=licence_no).first()
    if lawyer is None:
        raise DomainError(_("未找到该执业证号，请核对后重新输入。"), code="unknown_licence")
    if lawyer.name != (name or "").strip():
        raise DomainError(_("姓名与执业证号登记的姓名不一致。"), code="name_mismatch")
    if lawyer.status not in (LawyerStatus.PRACTISING, LawyerStatus.SUSPENDED):
        raise DomainError(
            _("该执业证已被吊销或注销，无法开通会员门户账户。"), code="not_practising"
        )
    if lawyer.user_id is not None:
        raise DomainError(
            _("该律师已开通门户账户，请直接登录；忘记密码可通过“找回密码”重设。"),
            code="already_linked",
        )
    if not lawyer.email or lawyer.email.lower() != (email or "").strip().lower():
        raise DomainError(
            _("请使用在协会登记的电子邮箱开通账户。如邮箱已变更，请先联系会员服务部更新登记信息。"),
            code="email_mismatch",
        )
    return lawyer


@transaction.atomic
def lawyer_account_link(*, lawyer: Lawyer, user: User) -> Lawyer:
    """Link a portal account to a lawyer; of two concurrent sign-ups only one wins.

    The lawyer row is locked, so a second sign-up waits and then finds it linked; the
    one-to-one constraint on `user` backs this up against any other writer.
    """
    locked = Lawyer.objects.select_for_update().get(pk=lawyer.pk)
    if locked.user_id is not None:
        raise DomainError(
            _("该律师已开通门户账户，请直接登录；忘记密码可通过“找回密码”重设。"),
            code="already_linked",
        )
    if locked.status not in (LawyerStatus.PRACTISING, LawyerStatus.SUSPENDED):
        raise DomainError(
            _("该执业证已被吊销或注销，无法开通会员门户账户。"), code="not_practising"
        )
    if Lawyer.objects.filter(user=user).exists():
        raise DomainError(_("该账户已关联其他律师。"), code="user_taken")
    locked.user = user
    try:
        with transaction.atomic():
            locked.save(update_fields=["user", "updated_at"])
    except IntegrityError as exc:
        raise DomainError(
            _("该律师已开通门户账户，请直接登录；忘记密码可通过“找回密码”重设。"),
            code="already_linked",
        ) from exc
    if user.name != locked.name:
        user.name = locked.name
        user.save(update_fields=["name"])
    lawyer.user = user
    return locked


@transaction.atomic
def lawyer_account_unlink(*, lawyer: Lawyer) -> Lawyer:
    """Detach the portal account (e.g. an account opened with a wrong address)."""
    locked = Lawyer.objects.select_for_update().get(pk=lawyer.pk)
    locked.user = None
    locked.save(update_fields=["user", "updated_at"])
    return locked


# --- Firm record and administrators ---------------------------------------------------


@transaction.atomic
def firm_contact_update(*, firm: LawFirm, data: dict[str, Any]) -> LawFirm:
    """Update the firm's public contact record; only FIRM_CONTACT_FIELDS may change."""
    unknown = set(data) - set(FIRM_CONTACT_FIELDS)
    if unknown:
        raise DomainError(_("不能修改这些字段：%s") % "、".join(sorted(unknown)))
    locked = LawFirm.objects.select_for_update().get(pk=firm.pk)
    for field, value in data.items():
        setattr(locked, field, value)
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def firm_administrator_appoint(
    *, firm: LawFirm, lawyer: Lawyer, appointed_by: User | None = None
) -> FirmAdministrator:
    """Make a practising lawyer of the firm one of its administrators, and tell them."""
    if lawyer.firm_id != firm.pk:
        raise DomainError(_("律所管理员必须是本所执业律师。"), code="not_in_firm")
    if lawyer.status != LawyerStatus.PRACTISING:
        raise DomainError(_("只有执业状态的律师可以担任律所管理员。"), code="not_practising")
    admin, created = FirmAdministrator.objects.get_or_create(
        firm=firm, lawyer=lawyer, defaults={"appointed_by": appointed_by}
    )
    if created and lawyer.user_id:
        from apps.notifications.services import notification_create

        notification_create(
            recipient=lawyer.user,
            key="members_firm_admin_appointed",
            context={"firm_name": firm.name, "lawyer_name": lawyer.name},
            url=reverse("members:firm_detail", kwargs={"pk": firm.pk}),
        )
    return admin


@transaction.atomic
def firm_administrator_remove(*, firm: LawFirm, lawyer: Lawyer) -> None:
    FirmAdministrator.objects.filter(firm=firm, lawyer=lawyer).delete()


# --- Memberships and dues -------------------------------------------------------------


def membership_number(*, lawyer: Lawyer | None = None, firm: LawFirm | None = None) -> str:
    """P + lawyer id for individual members, G + firm id for group members."""
    if lawyer is not None:
        return f"P{lawyer.pk:07d}"
    assert firm is not None
    return f"G{firm.pk:05d}"


@transaction.atomic
def membership_create(
    *,
    member_since: dt.date,
    lawyer: Lawyer | None = None,
    firm: LawFirm | None = None,
) -> Membership:
    if (lawyer is None) == (firm is None):
        raise DomainError(_("会籍必须且只能属于一名律师或一家律师事务所。"))
    membership = Membership(
        number=membership_number(lawyer=lawyer, firm=firm),
        member_since=member_since,
        lawyer=lawyer,
        firm=firm,
    )
    try:
        membership.full_clean()
    except ValidationError as exc:
        raise DomainError(_("该会员已有会籍。"), code="membership_exists") from exc
    membership.save()
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, ended_on: dt.date) -> Membership:
    membership.ended_on = ended_on
    membership.full_clean()
    membership.save(update_fields=["ended_on"])
    return membership


def dues_invoice_number(*, year: int, lawyer: Lawyer | None, firm: LawFirm | None) -> str:
    if lawyer is not None:
        return f"{year}-P{lawyer.pk:07d}"
    assert firm is not None
    return f"{year}-G{firm.pk:05d}"


@transaction.atomic
def dues_invoice_issue(
    *,
    year: int,
    amount: Decimal,
    due_date: dt.date,
    lawyer: Lawyer | None = None,
    firm: LawFirm | None = None,
    issued_on: dt.date | None = None,
) -> DuesInvoice:
    """Issue one year's dues to one payer; a second invoice for the same year is refused."""
    if (lawyer is None) == (firm is None):
        raise DomainError(_("缴费单必须且只能有一个缴费人。"))
    payer_filter = {"lawyer": lawyer} if lawyer is not None else {"firm": firm}
    if DuesInvoice.objects.filter(year=year, **payer_filter).exists():
        raise DomainError(_("%(year)s 年度的会费缴费单已经开具。") % {"year": year})
    invoice = DuesInvoice(
        number=dues_invoice_number(year=year, lawyer=lawyer, firm=firm),
        year=year,
        amount=amount,
        issued_on=issued_on or timezone.localdate(),
        due_date=due_date,
        lawyer=lawyer,
        firm=firm,
    )
    invoice.full_clean()
    invoice.save()
    recipient = lawyer.user if lawyer is not None and lawyer.user_id else None
    if recipient is not None:
        from apps.notifications.services import notification_create

        notification_create(
            recipient=recipient,
            key="members_dues_issued",
            context={
                "year": year,
                "amount": str(amount),
                "due_date": due_date.isoformat(),
                "number": invoice.number,
            },
            url=reverse("members:home"),
        )
    return invoice


@transaction.atomic
def dues_invoice_mark_paid(
    *, invoice: DuesInvoice, paid_at: dt.datetime | None = None
) -> DuesInvoice:
    locked = DuesInvoice.objects.select_for_update().get(pk=invoice.pk)
    if locked.paid_at is not None:
        raise DomainError(_("缴费单 %(number)s 已缴清。") % {"number": locked.number})
    locked.paid_at = paid_at or timezone.now()
    locked.save(update_fields=["paid_at"])
    return locked

"""Memberships (individual and group) and yearly dues invoices."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.exceptions import DomainError

from ..models import DuesInvoice, LawFirm, Lawyer, Membership
from ..permissions import can_mark_dues_paid


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
    *, invoice: DuesInvoice, actor: User, paid_at: dt.datetime | None = None
) -> DuesInvoice:
    """Record the payment; only staff who may change invoices (PermissionDenied otherwise)."""
    if not can_mark_dues_paid(actor):
        raise PermissionDenied
    locked = DuesInvoice.objects.select_for_update().get(pk=invoice.pk)
    if locked.paid_at is not None:
        raise DomainError(_("缴费单 %(number)s 已缴清。") % {"number": locked.number})
    locked.paid_at = paid_at or timezone.now()
    locked.save(update_fields=["paid_at"])
    return locked

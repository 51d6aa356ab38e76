"""Memberships and dues: issuing a fee year's invoices from the scale (a Celery run with
progress, idempotent), payments with who recorded them, reminders.

The amounts come from ``DuesScale`` through the pure rules in ``dues_rules``; nobody types
an amount per invoice. Who may do what is in ``apps.members.permissions``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.exceptions import DomainError

from ..links import DUES_LINK_MAX_AGE, LinkError, dues_link_path, dues_link_read
from ..models import (
    DuesInvoice,
    DuesIssueRun,
    DuesPayment,
    DuesReminder,
    DuesScale,
    DuesStatementLink,
    FirmAdministrator,
    FirmStatus,
    LawFirm,
    Lawyer,
    LawyerStatus,
    Membership,
    PayerKind,
    PaymentMethod,
    ReminderKind,
    RunStatus,
)
from ..permissions import can_issue_dues, can_mark_dues_paid, can_record_dues_payment
from .dues_rules import fee_year_bounds, fee_year_label, firm_band_amount, firm_dues, lawyer_dues


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


def default_due_date(fee_year: int) -> dt.date:
    """Dues are due by 30 September, the end of the fee year's first quarter."""
    return dt.date(fee_year, 9, 30)


def _portal_dues_url() -> str:
    return reverse("members:dues")


def _recipients(invoice: DuesInvoice) -> list[User]:
    """Who hears about an invoice: the lawyer's account, or the firm's live administrators."""
    if invoice.lawyer is not None:
        user = invoice.lawyer.user
        return [user] if user is not None else []
    admins = (
        FirmAdministrator.objects.live()
        .filter(firm_id=invoice.firm_id, lawyer__user__isnull=False)
        .select_related("lawyer__user")
    )
    return [a.lawyer.user for a in admins if a.lawyer.user is not None]


def _notify_issued(invoice: DuesInvoice) -> None:
    from apps.notifications.services import notification_create

    for user in _recipients(invoice):
        notification_create(
            recipient=user,
            key="members_dues_issued",
            context={
                "year": fee_year_label(invoice.year),
                "amount": str(invoice.amount),
                "due_date": invoice.due_date.isoformat(),
                "number": invoice.number,
                "payer": str(invoice.payer),
            },
            url=_portal_dues_url()
            if invoice.lawyer_id
            else reverse("members:firm_dues", args=[invoice.firm_id]),
        )


@transaction.atomic
def dues_invoice_issue(
    *,
    year: int,
    amount: Decimal,
    due_date: dt.date,
    lawyer: Lawyer | None = None,
    firm: LawFirm | None = None,
    issued_on: dt.date | None = None,
    basis: str = "",
) -> DuesInvoice:
    """Issue one fee year's dues to one payer; a second invoice for the same year is refused."""
    if (lawyer is None) == (firm is None):
        raise DomainError(_("缴费单必须且只能有一个缴费人。"))
    payer_filter = {"lawyer": lawyer} if lawyer is not None else {"firm": firm}
    if DuesInvoice.objects.filter(year=year, **payer_filter).exists():
        raise DomainError(_("%(year)s 年度的会费缴费单已经开具。") % {"year": year})
    invoice = DuesInvoice(
        number=dues_invoice_number(year=year, lawyer=lawyer, firm=firm),
        year=year,
        amount=amount,
        basis=basis,
        issued_on=issued_on or timezone.localdate(),
        due_date=due_date,
        lawyer=lawyer,
        firm=firm,
    )
    invoice.full_clean()
    invoice.save()
    _notify_issued(invoice)
    return invoice


# --- the scale and the yearly run ------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    fee_year: int
    lawyer: dict[str, Decimal]
    firm_bands: list[tuple[int, Decimal]]


def dues_scale_get(*, fee_year: int) -> Scale:
    rows = DuesScale.objects.filter(fee_year=fee_year)
    lawyer: dict[str, Decimal] = {}
    bands: list[tuple[int, Decimal]] = []
    for row in rows:
        if row.payer_kind == PayerKind.LAWYER:
            lawyer[row.lawyer_category] = row.amount
        elif row.firm_min_lawyers is not None:
            bands.append((row.firm_min_lawyers, row.amount))
    return Scale(fee_year=fee_year, lawyer=lawyer, firm_bands=sorted(bands))


@dataclass(frozen=True)
class IssueResult:
    total: int
    issued: int
    skipped: int
    unpriced: int


def _payers(fee_year: int) -> tuple[list[Lawyer], list[Any]]:
    """Practising lawyers and active firms that exist by the end of the fee year."""
    _start, end = fee_year_bounds(fee_year)
    lawyers = list(
        Lawyer.objects.filter(status=LawyerStatus.PRACTISING, first_licensed__lte=end)
        .select_related("user")
        .order_by("pk")
    )
    firms = list(
        LawFirm.objects.filter(status=FirmStatus.ACTIVE, founded__lte=end)
        .annotate(practising=Count("lawyers", filter=Q(lawyers__status=LawyerStatus.PRACTISING)))
        .order_by("pk")
    )
    return lawyers, firms


def _issue_batch(
    *, fee_year: int, due_date: dt.date, scale: Scale, batch: list[Lawyer | LawFirm]
) -> tuple[int, int, int]:
    """Issue to one batch of payers in one transaction: (issued, skipped, unpriced)."""
    today = timezone.localdate()
    lawyer_ids = [p.pk for p in batch if isinstance(p, Lawyer)]
    firm_ids = [p.pk for p in batch if isinstance(p, LawFirm)]
    issued = skipped = unpriced = 0
    with transaction.atomic():
        existing = DuesInvoice.objects.filter(year=fee_year).filter(
            Q(lawyer_id__in=lawyer_ids) | Q(firm_id__in=firm_ids)
        )
        have_lawyers = set(existing.exclude(lawyer=None).values_list("lawyer_id", flat=True))
        have_firms = set(existing.exclude(firm=None).values_list("firm_id", flat=True))
        new: list[DuesInvoice] = []
        for payer in batch:
            if isinstance(payer, Lawyer):
                if payer.pk in have_lawyers:
                    skipped += 1
                    continue
                base = scale.lawyer.get(payer.category)
                if base is None:
                    unpriced += 1
                    continue
                rule = lawyer_dues(
                    base=base, fee_year=fee_year, first_licensed=payer.first_licensed
                )
                kwargs: dict[str, Any] = {"lawyer": payer}
            else:
                if payer.pk in have_firms:
                    skipped += 1
                    continue
                # ``practising`` is annotated by _payers().
                size = getattr(payer, "practising", 0)
                band = firm_band_amount(bands=scale.firm_bands, lawyers=size)
                if band is None:
                    unpriced += 1
                    continue
                rule = firm_dues(base=band, fee_year=fee_year, founded=payer.founded)
                kwargs = {"firm": payer}
            new.append(
                DuesInvoice(
                    number=dues_invoice_number(
                        year=fee_year, lawyer=kwargs.get("lawyer"), firm=kwargs.get("firm")
                    ),
                    year=fee_year,
                    amount=rule.amount,
                    basis=rule.basis,
                    issued_on=today,
                    due_date=max(due_date, today),
                    # Nothing to pay (year one): settled the day it is issued.
                    paid_at=timezone.now() if rule.amount == 0 else None,
                    **kwargs,
                )
            )
        # The unique constraints on (year, payer) are the real guard: a concurrent writer
        # makes this batch fail as a whole and the run reports it, nothing is doubled.
        DuesInvoice.objects.bulk_create(new)
        for invoice in new:
            if invoice.amount > 0:
                _notify_issued(invoice)
        issued = len(new)
    return issued, skipped, unpriced


def dues_year_issue(
    *,
    fee_year: int,
    actor: User,
    due_date: dt.date | None = None,
    run: DuesIssueRun | None = None,
    batch_size: int = 200,
) -> IssueResult:
    """Issue ``fee_year``'s invoices to every payer that has none yet (idempotent).

    Each batch commits on its own, so a run that dies half-way is simply started again:
    payers already invoiced are skipped. Progress is written to ``run`` after each batch.
    """
    if not can_issue_dues(actor):
        raise PermissionDenied
    scale = dues_scale_get(fee_year=fee_year)
    if not scale.lawyer and not scale.firm_bands:
        raise DomainError(
            _("%(year)s 会费年度尚无会费标准，请先在“会费标准”中录入。")
            % {"year": fee_year_label(fee_year)}
        )
    due_date = due_date or default_due_date(fee_year)
    lawyers, firms = _payers(fee_year)
    payers: list[Lawyer | LawFirm] = [*lawyers, *firms]
    total = len(payers)
    issued = skipped = unpriced = 0
    if run is not None:
        DuesIssueRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, total=total)
    for start in range(0, total, batch_size):
        i, s, u = _issue_batch(
            fee_year=fee_year,
            due_date=due_date,
            scale=scale,
            batch=payers[start : start + batch_size],
        )
        issued, skipped, unpriced = issued + i, skipped + s, unpriced + u
        if run is not None:
            done = min(start + batch_size, total)
            DuesIssueRun.objects.filter(pk=run.pk).update(
                progress=min(99, done * 100 // max(total, 1)), issued=issued, skipped=skipped
            )
    if run is not None:
        DuesIssueRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE,
            progress=100,
            issued=issued,
            skipped=skipped,
            error=(
                _("%(count)s 名缴费人的类别或人数不在会费标准内，未开具。") % {"count": unpriced}
                if unpriced
                else ""
            ),
            finished_at=timezone.now(),
        )
    return IssueResult(total=total, issued=issued, skipped=skipped, unpriced=unpriced)


def dues_issue_run_start(
    *, fee_year: int, actor: User, due_date: dt.date | None = None
) -> DuesIssueRun:
    """Queue a run for ``fee_year`` (one active run per year); the worker does the rest."""
    if not can_issue_dues(actor):
        raise PermissionDenied
    if not DuesScale.objects.filter(fee_year=fee_year).exists():
        raise DomainError(
            _("%(year)s 会费年度尚无会费标准，请先在“会费标准”中录入。")
            % {"year": fee_year_label(fee_year)}
        )
    due = due_date or default_due_date(fee_year)
    try:
        with transaction.atomic():
            run = DuesIssueRun.objects.create(fee_year=fee_year, due_date=due, requested_by=actor)
    except IntegrityError as exc:
        raise DomainError(
            _("%(year)s 会费年度的开具任务正在进行，请等待其完成。")
            % {"year": fee_year_label(fee_year)},
            code="run_active",
        ) from exc
    from ..tasks import dues_year_issue_task

    pk = run.pk
    transaction.on_commit(lambda: dues_year_issue_task.delay(pk))
    return run


def dues_issue_run_execute(*, run_id: int) -> DuesIssueRun:
    """What the worker does with a queued run; a failure is written to the run."""
    run = DuesIssueRun.objects.select_related("requested_by").get(pk=run_id)
    if not run.is_active:
        return run
    try:
        dues_year_issue(
            fee_year=run.fee_year, actor=run.requested_by, due_date=run.due_date, run=run
        )
    except (DomainError, PermissionDenied) as exc:
        DuesIssueRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED,
            error=getattr(exc, "message", "") or _("发起人已无开具会费的权限。"),
            finished_at=timezone.now(),
        )
    except Exception as exc:
        DuesIssueRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=repr(exc)[:2000], finished_at=timezone.now()
        )
        raise
    run.refresh_from_db()
    return run


# --- payments --------------------------------------------------------------------------


def dues_invoice_paid_total(invoice: DuesInvoice) -> Decimal:
    total = invoice.payments.aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0.00")


def _receipt_number(invoice: DuesInvoice, sequence: int) -> str:
    return f"R{invoice.number}-{sequence:02d}"


@transaction.atomic
def dues_payment_record(
    *,
    invoice: DuesInvoice,
    amount: Decimal,
    method: str,
    actor: User,
    reference: str = "",
    paid_on: dt.date | None = None,
) -> DuesPayment:
    """Record one payment (partial payments add up); the invoice is settled when they
    reach its amount. More than what is still owed is refused."""
    if not can_record_dues_payment(actor):
        raise PermissionDenied
    locked = DuesInvoice.objects.select_for_update().get(pk=invoice.pk)
    paid = dues_invoice_paid_total(locked)
    outstanding = locked.amount - paid
    if outstanding <= 0 or locked.paid_at is not None:
        raise DomainError(_("缴费单 %(number)s 已缴清。") % {"number": locked.number})
    if amount is None or amount <= 0:
        raise DomainError(_("缴费金额必须大于零。"))
    if amount > outstanding:
        raise DomainError(
            _("缴费金额 %(amount)s 元超过尚欠金额 %(outstanding)s 元。")
            % {"amount": amount, "outstanding": outstanding}
        )
    if method not in PaymentMethod.values:
        raise DomainError(_("请选择缴费方式。"))
    now = timezone.now()
    sequence = locked.payments.count() + 1
    payment = DuesPayment(
        invoice=locked,
        number=_receipt_number(locked, sequence),
        amount=amount,
        method=method,
        reference=reference.strip(),
        paid_on=paid_on or timezone.localdate(),
        recorded_by=actor,
        recorded_at=now,
    )
    payment.full_clean()
    payment.save()
    if paid + amount >= locked.amount:
        locked.paid_at = now
        locked.save(update_fields=["paid_at"])
    from apps.notifications.services import notification_create

    for user in _recipients(locked):
        notification_create(
            recipient=user,
            key="members_dues_paid",
            context={
                "number": locked.number,
                "receipt": payment.number,
                "amount": str(amount),
                "outstanding": str(outstanding - amount),
                "year": fee_year_label(locked.year),
            },
            url=reverse("members:dues_receipt", args=[payment.pk]),
        )
    return payment


@transaction.atomic
def dues_invoice_mark_paid(
    *,
    invoice: DuesInvoice,
    actor: User,
    paid_at: dt.datetime | None = None,
    method: str = PaymentMethod.BANK_TRANSFER,
    reference: str = "",
) -> DuesInvoice:
    """Settle the invoice: record the whole outstanding amount as one payment."""
    if not can_mark_dues_paid(actor) or not can_record_dues_payment(actor):
        raise PermissionDenied
    locked = DuesInvoice.objects.select_for_update().get(pk=invoice.pk)
    if locked.paid_at is not None:
        raise DomainError(_("缴费单 %(number)s 已缴清。") % {"number": locked.number})
    outstanding = locked.amount - dues_invoice_paid_total(locked)
    if outstanding > 0:
        dues_payment_record(
            invoice=locked,
            amount=outstanding,
            method=method,
            actor=actor,
            reference=reference,
            paid_on=timezone.localdate(paid_at) if paid_at else None,
        )
    locked.refresh_from_db()
    if locked.paid_at is None:
        locked.paid_at = paid_at or timezone.now()
        locked.save(update_fields=["paid_at"])
    elif paid_at is not None:
        locked.paid_at = paid_at
        locked.save(update_fields=["paid_at"])
    return locked


# --- reminders -------------------------------------------------------------------------

REMIND_BEFORE = dt.timedelta(days=14)
REMIND_AFTER = dt.timedelta(days=7)


def dues_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind unpaid payers two weeks before the due date and a week after it; each kind
    at most once per invoice (DuesReminder is unique on invoice and kind). Safe to rerun."""
    from apps.notifications.services import notification_create

    today = today or timezone.localdate()
    sent = 0
    plans = (
        (ReminderKind.BEFORE_DUE, Q(due_date__gt=today, due_date__lte=today + REMIND_BEFORE)),
        (ReminderKind.AFTER_DUE, Q(due_date__lte=today - REMIND_AFTER)),
    )
    for kind, window in plans:
        candidates = (
            DuesInvoice.objects.filter(window, paid_at__isnull=True, amount__gt=0)
            .exclude(reminders__kind=kind)
            .select_related("lawyer__user", "firm")
            .order_by("pk")
        )
        for invoice in candidates.iterator(chunk_size=500):
            with transaction.atomic():
                _reminder, created = DuesReminder.objects.get_or_create(
                    invoice=invoice, kind=kind, defaults={"sent_at": timezone.now()}
                )
                if not created:
                    continue
                outstanding = invoice.amount - dues_invoice_paid_total(invoice)
                for user in _recipients(invoice):
                    notification_create(
                        recipient=user,
                        key="members_dues_reminder",
                        context={
                            "number": invoice.number,
                            "year": fee_year_label(invoice.year),
                            "outstanding": str(outstanding),
                            "due_date": invoice.due_date.isoformat(),
                            "overdue": kind == ReminderKind.AFTER_DUE,
                            # Signed, expiring, single-use (apps.members.links).
                            "statement_url": dues_statement_link_create(
                                invoice=invoice, recipient=user
                            ),
                            "link_days": DUES_LINK_MAX_AGE.days,
                        },
                        url=_portal_dues_url()
                        if invoice.lawyer_id
                        else reverse("members:firm_dues", args=[invoice.firm_id]),
                    )
                sent += 1
    return sent


def dues_statement_link_create(*, invoice: DuesInvoice, recipient: User) -> str:
    """A new single-use link to ``invoice``'s statement for ``recipient``; its site path."""
    link = DuesStatementLink.objects.create(
        invoice=invoice, recipient=recipient, nonce=secrets.token_urlsafe(16)
    )
    return dues_link_path(link_id=link.pk, nonce=link.nonce)


def dues_statement_link_check(*, token: str) -> DuesStatementLink:
    """The link ``token`` names if it can still be opened (nothing is changed)."""
    payload = dues_link_read(token)
    link = DuesStatementLink.objects.filter(pk=payload.link_id).first()
    if link is None or link.nonce != payload.nonce:
        raise LinkError("tampered")
    if link.used_at is not None:
        raise LinkError("used")
    return link


@transaction.atomic
def dues_statement_link_use(*, token: str) -> DuesStatementLink:
    """Open the statement once: the row is locked and marked used, so two clicks at the
    same moment cannot both open it."""
    payload = dues_link_read(token)
    link = (
        DuesStatementLink.objects.select_for_update()
        .filter(pk=payload.link_id, nonce=payload.nonce)
        .first()
    )
    if link is None:
        raise LinkError("tampered")
    if link.used_at is not None:
        raise LinkError("used")
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return link

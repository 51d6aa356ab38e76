"""Writes for practice-rights reports and relief applications.

Each service: permission check, lock, state change (the model refuses illegal ones),
save, event/notification in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.exceptions import DomainError
from apps.members.models import Lawyer, LawyerStatus
from apps.members.selectors import lawyer_for_user

from .models import (
    HardshipKind,
    ObstructionKind,
    ReliefApplication,
    ReliefSettings,
    ReliefStatus,
    ReportStatus,
    RightsReport,
    RightsReportEvent,
)
from .permissions import can_decide_relief, can_endorse_for_firm, can_handle_reports
from .workdays import next_workday


def _reporting_lawyer(user: User) -> Lawyer:
    lawyer = lawyer_for_user(user=user)
    if lawyer is None or lawyer.status != LawyerStatus.PRACTISING:
        raise DomainError(_("只有执业律师本人可以提交。"), code="not_a_lawyer")
    return lawyer


def _reference(prefix: str, now: dt.datetime) -> str:
    """WQ20261130-7F3A9C: the date plus six random hex digits (unique constraint backs it)."""
    return f"{prefix}{timezone.localdate(now):%Y%m%d}-{secrets.token_hex(3).upper()}"


def _notify(*, user: User | None, key: str, context: dict[str, Any], url: str) -> None:
    if user is None:
        return
    from apps.notifications.services import notification_create

    notification_create(recipient=user, key=key, context=context, url=url)


# --- practice-rights reports ---------------------------------------------------------------


def acknowledge_deadline(submitted: dt.datetime) -> dt.date:
    """By the end of the next working day after the day it came in."""
    return next_workday(timezone.localdate(submitted))


@transaction.atomic
def rights_report_submit(
    *,
    user: User,
    kind: str,
    occurred_on: dt.date,
    authority: str,
    description: str,
    now: dt.datetime | None = None,
) -> RightsReport:
    lawyer = _reporting_lawyer(user)
    now = now or timezone.now()
    if kind not in ObstructionKind.values:
        raise DomainError(_("请选择受阻类型。"))
    if occurred_on > timezone.localdate(now):
        raise DomainError(_("发生日期不能晚于今天。"))
    report = RightsReport(
        reference="",
        lawyer=lawyer,
        kind=kind,
        occurred_on=occurred_on,
        authority=authority.strip(),
        description=description.strip(),
        submitted_at=now,
        acknowledge_by=acknowledge_deadline(now),
    )
    report.reference = _reference("WQ", now)
    report.full_clean()
    report.save()
    RightsReportEvent.objects.create(
        report=report, status=ReportStatus.SUBMITTED, note="", actor=user, at=now
    )
    return report


def _report_step(
    *, report: RightsReport, actor: User, to: str, note: str, now: dt.datetime | None = None
) -> RightsReport:
    if not can_handle_reports(actor):
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            RightsReport.objects.select_for_update(of=("self",))
            .select_related("lawyer__user")
            .get(pk=report.pk)
        )
        locked.transition(to)
        if to == ReportStatus.ACKNOWLEDGED:
            locked.acknowledged_at = now
        if to == ReportStatus.CLOSED:
            if not note.strip():
                raise DomainError(_("办结时请填写处理结果。"))
            locked.outcome = note.strip()
            locked.closed_at = now
        locked.full_clean()
        locked.save()
        RightsReportEvent.objects.create(
            report=locked, status=to, note=note.strip(), actor=actor, at=now
        )
        _notify(
            user=locked.lawyer.user,
            key="rights_report_updated",
            context={
                "reference": locked.reference,
                "status": str(locked.get_status_display()),
                "note": note.strip(),
            },
            url=reverse("rights:report_detail", args=[locked.pk]),
        )
    return locked


def rights_report_acknowledge(*, report: RightsReport, actor: User, note: str = "") -> RightsReport:
    return _report_step(report=report, actor=actor, to=ReportStatus.ACKNOWLEDGED, note=note)


def rights_report_act(*, report: RightsReport, actor: User, note: str) -> RightsReport:
    if not note.strip():
        raise DomainError(_("请填写所采取的措施。"))
    return _report_step(report=report, actor=actor, to=ReportStatus.ACTING, note=note)


def rights_report_close(*, report: RightsReport, actor: User, outcome: str) -> RightsReport:
    return _report_step(report=report, actor=actor, to=ReportStatus.CLOSED, note=outcome)


# --- relief fund ---------------------------------------------------------------------------


def relief_settings() -> ReliefSettings:
    settings_row, _created = ReliefSettings.objects.get_or_create(pk=1)
    return settings_row


def relief_window_open(*, event_date: dt.date, today: dt.date, window_days: int) -> bool:
    """Is an application on ``today`` within ``window_days`` of the event (inclusive)?"""
    return event_date <= today and (today - event_date).days <= window_days


@transaction.atomic
def relief_apply(
    *,
    user: User,
    kind: str,
    event_date: dt.date,
    description: str,
    amount_requested: Decimal,
    today: dt.date | None = None,
) -> ReliefApplication:
    lawyer = _reporting_lawyer(user)
    if lawyer.firm_id is None:
        raise DomainError(_("申请救助金须由所在律所签署意见，您目前没有执业机构。"))
    if kind not in HardshipKind.values:
        raise DomainError(_("请选择困难类型。"))
    rules = relief_settings()
    today = today or timezone.localdate()
    if event_date > today:
        raise DomainError(_("事件发生日期不能晚于今天。"))
    if not relief_window_open(event_date=event_date, today=today, window_days=rules.window_days):
        raise DomainError(
            _("救助金须在事件发生后 %(days)s 日内申请，本次申请已超过期限。")
            % {"days": rules.window_days},
            code="window_closed",
        )
    cap = rules.cap_for(kind)
    if amount_requested is None or amount_requested <= 0:
        raise DomainError(_("申请金额必须大于零。"))
    if amount_requested > cap:  # type: ignore[operator]
        raise DomainError(_("申请金额不能超过该类救助的上限 %(cap)s 元。") % {"cap": cap})
    now = timezone.now()
    application = ReliefApplication(
        reference="",
        lawyer=lawyer,
        firm_id_at_application=lawyer.firm_id,
        kind=kind,
        event_date=event_date,
        description=description.strip(),
        amount_requested=amount_requested,
        submitted_at=now,
    )
    application.reference = _reference("JZ", now)
    application.full_clean()
    application.save()
    from apps.members.models import FirmAdministrator

    for admin in (
        FirmAdministrator.objects.live()
        .filter(firm_id=lawyer.firm_id, lawyer__user__isnull=False)
        .select_related("lawyer__user")
    ):
        _notify(
            user=admin.lawyer.user,
            key="rights_relief_updated",
            context={
                "reference": application.reference,
                "status": str(application.get_status_display()),
                "lawyer": lawyer.name,
            },
            url=reverse("rights:relief_endorse_list"),
        )
    return application


@transaction.atomic
def relief_endorse(
    *, application: ReliefApplication, user: User, endorse: bool, note: str = ""
) -> ReliefApplication:
    """The firm administrator's opinion; only for their firm's applications."""
    locked = (
        ReliefApplication.objects.select_for_update(of=("self",))
        .select_related("lawyer__user")
        .get(pk=application.pk)
    )
    if not can_endorse_for_firm(user, locked.firm_id_at_application):
        raise PermissionDenied
    if locked.lawyer.user_id == user.pk:
        raise DomainError(_("不能为本人的申请签署律所意见，请由本所其他管理员签署。"))
    if locked.status != ReliefStatus.AWAITING_ENDORSEMENT:
        raise DomainError(_("该申请已签署过律所意见。"))
    locked.status = ReliefStatus.SUBMITTED if endorse else ReliefStatus.NOT_ENDORSED
    locked.endorsed_by = user
    locked.endorsed_at = timezone.now()
    locked.endorsement_note = note.strip()[:500]
    locked.full_clean()
    locked.save()
    _notify(
        user=locked.lawyer.user,
        key="rights_relief_updated",
        context={
            "reference": locked.reference,
            "status": str(locked.get_status_display()),
            "lawyer": locked.lawyer.name,
        },
        url=reverse("rights:relief_detail", args=[locked.pk]),
    )
    return locked


@transaction.atomic
def relief_decide(
    *,
    application: ReliefApplication,
    actor: User,
    approve: bool,
    amount: Decimal | None = None,
    note: str = "",
) -> ReliefApplication:
    if not can_decide_relief(actor):
        raise PermissionDenied
    locked = (
        ReliefApplication.objects.select_for_update(of=("self",))
        .select_related("lawyer__user")
        .get(pk=application.pk)
    )
    if locked.status != ReliefStatus.SUBMITTED:
        raise DomainError(_("只有律所已签署同意、待审批的申请才能审批。"))
    if approve:
        cap = relief_settings().cap_for(locked.kind)
        if amount is None or amount <= 0:
            raise DomainError(_("批准时请填写大于零的金额。"))
        if amount > locked.amount_requested:
            raise DomainError(_("批准金额不能超过申请金额。"))
        if amount > cap:  # type: ignore[operator]
            raise DomainError(_("批准金额不能超过该类救助的上限 %(cap)s 元。") % {"cap": cap})
        locked.amount_granted = amount
        locked.status = ReliefStatus.APPROVED
    else:
        if not note.strip():
            raise DomainError(_("不予批准时请说明理由。"))
        locked.status = ReliefStatus.REJECTED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_note = note.strip()
    locked.full_clean()
    locked.save()
    _notify(
        user=locked.lawyer.user,
        key="rights_relief_updated",
        context={
            "reference": locked.reference,
            "status": str(locked.get_status_display()),
            "lawyer": locked.lawyer.name,
        },
        url=reverse("rights:relief_detail", args=[locked.pk]),
    )
    return locked

"""Writes for roster changes: firm administrators request, member services decide.

A firm cannot move a licensed lawyer on its own: an administrator files a request
(a practising lawyer between firms joins, or a lawyer of the firm leaves), and staff with
``members.change_lawyer`` (permissions.can_decide_roster_changes) approve or reject it.
Only approval touches ``Lawyer.firm``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.exceptions import DomainError

from ..models import (
    FirmAdministrator,
    FirmStatus,
    LawFirm,
    Lawyer,
    LawyerStatus,
    RosterChange,
    RosterChangeKind,
    RosterChangeStatus,
)
from ..permissions import can_decide_roster_changes, can_manage_firm
from ..validators import normalise_code

NOTIFICATION_KEY = "members_roster_change_decided"


def _firm_admin_count(*, firm: LawFirm) -> int:
    """Administrators whose right is live (the rule in FirmAdministrator.objects.live())."""
    return FirmAdministrator.objects.live().filter(firm=firm).count()


def roster_join_candidate(*, licence_no: str, name: str) -> Lawyer:
    """The lawyer a JOIN request names, identified by licence number and name."""
    lawyer = Lawyer.objects.filter(licence_no=normalise_code(licence_no)).first()
    if lawyer is None:
        raise DomainError(_("未找到该执业证号，请核对后重新输入。"), code="unknown_licence")
    if lawyer.name != (name or "").strip():
        raise DomainError(_("姓名与执业证号登记的姓名不一致。"), code="name_mismatch")
    return lawyer


def _check_join(*, firm: LawFirm, lawyer: Lawyer) -> None:
    if firm.status != FirmStatus.ACTIVE:
        raise DomainError(_("本所不在正常执业状态，不能接收律师。"), code="firm_inactive")
    if lawyer.status != LawyerStatus.PRACTISING:
        raise DomainError(_("只有执业状态的律师可以加入律所。"), code="not_practising")
    if lawyer.firm_id == firm.pk:
        raise DomainError(_("该律师已在本所执业。"), code="already_in_firm")
    if lawyer.firm_id is not None:
        raise DomainError(
            _("该律师目前在其他律所执业，须先由原律所办理离所。"), code="in_other_firm"
        )


def _check_leave(*, firm: LawFirm, lawyer: Lawyer) -> None:
    if lawyer.firm_id != firm.pk:
        raise DomainError(_("该律师不在本所名册中。"), code="not_in_firm")


@transaction.atomic
def roster_change_request(
    *,
    firm: LawFirm,
    requested_by: User,
    kind: str,
    reason: str = "",
    lawyer: Lawyer | None = None,
    licence_no: str = "",
    name: str = "",
) -> RosterChange:
    """File a pending roster change for member services to decide.

    JOIN names the lawyer by ``licence_no`` and ``name``; LEAVE passes ``lawyer``. An
    administrator may not file their own departure while they are the firm's only
    administrator: the firm would be left with nobody to manage its roster.
    """
    if not can_manage_firm(requested_by, firm):
        raise PermissionDenied
    if kind == RosterChangeKind.JOIN:
        lawyer = roster_join_candidate(licence_no=licence_no, name=name)
    elif kind != RosterChangeKind.LEAVE or lawyer is None:
        raise DomainError(_("无效的名册变更类型。"), code="bad_kind")
    # Serialise requests for the same lawyer; the partial unique constraint backs this up.
    locked = Lawyer.objects.select_for_update().get(pk=lawyer.pk)
    if kind == RosterChangeKind.JOIN:
        _check_join(firm=firm, lawyer=locked)
    else:
        _check_leave(firm=firm, lawyer=locked)
        if locked.user_id == requested_by.pk and _firm_admin_count(firm=firm) <= 1:
            raise DomainError(
                _("您是本所唯一的律所管理员，请先由会员服务部任命其他管理员，再申请离所。"),
                code="only_admin",
            )
    if RosterChange.objects.filter(lawyer=locked, status=RosterChangeStatus.PENDING).exists():
        raise DomainError(_("该律师已有一项待审核的名册变更申请。"), code="already_pending")
    change = RosterChange(
        firm=firm,
        lawyer=locked,
        kind=kind,
        reason=(reason or "").strip(),
        requested_by=requested_by,
    )
    change.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            change.save()
    except IntegrityError as exc:
        raise DomainError(
            _("该律师已有一项待审核的名册变更申请。"), code="already_pending"
        ) from exc
    return change


def _lock_pending(*, change: RosterChange) -> tuple[RosterChange, Lawyer]:
    """Lock the lawyer, then the change (always in this order), and insist it is pending."""
    lawyer = Lawyer.objects.select_for_update().get(pk=change.lawyer_id)
    locked = (
        RosterChange.objects.select_for_update()
        .select_related("firm", "requested_by")
        .get(pk=change.pk)
    )
    if locked.status != RosterChangeStatus.PENDING:
        raise DomainError(
            _("该申请已处理（%(status)s），不能再次操作。")
            % {"status": locked.get_status_display()},
            code="not_pending",
        )
    return locked, lawyer


def _notify_decision(*, change: RosterChange, lawyer: Lawyer) -> None:
    from apps.notifications.services import notification_create

    context = {
        "firm_name": change.firm.name,
        "lawyer_name": lawyer.name,
        "licence_no": lawyer.licence_no,
        "kind": change.kind,
        "status": change.status,
        "decision_note": change.decision_note,
    }
    notification_create(
        recipient=change.requested_by,
        key=NOTIFICATION_KEY,
        context={**context, "to_lawyer": False},
        url=reverse("members:firm_roster_changes", kwargs={"pk": change.firm_id}),
    )
    if lawyer.user is not None and lawyer.user_id != change.requested_by_id:
        notification_create(
            recipient=lawyer.user,
            key=NOTIFICATION_KEY,
            context={**context, "to_lawyer": True},
            url=reverse("members:home"),
        )


def _decide(*, change: RosterChange, status: str, decided_by: User, note: str) -> None:
    change.status = status
    change.decided_by = decided_by
    change.decided_at = timezone.now()
    change.decision_note = (note or "").strip()
    change.full_clean(validate_constraints=False)
    change.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])


def _check_decider(user: User) -> None:
    if not can_decide_roster_changes(user):
        raise PermissionDenied


@transaction.atomic
def roster_change_approve(
    *, change: RosterChange, decided_by: User, note: str = ""
) -> RosterChange:
    """Apply the change to the lawyer's record, re-checking it still makes sense.

    A lawyer who leaves loses any administrator role at that firm.
    """
    _check_decider(decided_by)
    locked, lawyer = _lock_pending(change=change)
    firm = locked.firm
    if locked.kind == RosterChangeKind.JOIN:
        _check_join(firm=firm, lawyer=lawyer)
        lawyer.firm = firm
    else:
        _check_leave(firm=firm, lawyer=lawyer)
        lawyer.firm = None
        FirmAdministrator.objects.filter(firm=firm, lawyer=lawyer).delete()
    lawyer.save(update_fields=["firm", "updated_at"])
    _decide(change=locked, status=RosterChangeStatus.APPROVED, decided_by=decided_by, note=note)
    _notify_decision(change=locked, lawyer=lawyer)
    return locked


@transaction.atomic
def roster_change_reject(*, change: RosterChange, decided_by: User, note: str) -> RosterChange:
    """Refuse the change; the note tells the firm (and the lawyer) why."""
    _check_decider(decided_by)
    if not (note or "").strip():
        raise DomainError(_("驳回申请时请填写处理意见。"), code="note_required")
    locked, lawyer = _lock_pending(change=change)
    _decide(change=locked, status=RosterChangeStatus.REJECTED, decided_by=decided_by, note=note)
    _notify_decision(change=locked, lawyer=lawyer)
    return locked


@transaction.atomic
def roster_change_cancel(*, change: RosterChange, cancelled_by: User) -> RosterChange:
    """The requester withdraws a pending change. Nobody else is told: nothing was decided."""
    if change.requested_by_id != cancelled_by.pk:
        raise DomainError(_("只有申请人可以撤回该申请。"), code="not_requester")
    locked, _lawyer = _lock_pending(change=change)
    _decide(change=locked, status=RosterChangeStatus.CANCELLED, decided_by=cancelled_by, note="")
    return locked

"""Officer and respondent steps. Each: check the actor, lock, transition, save, record
the event, notify. The transition methods on Complaint refuse illegal moves."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from apps.core.exceptions import DomainError
from apps.members.services import membership_sanction_apply
from apps.notifications.services import notification_create

from ..models import (
    PUBLIC_SANCTIONS,
    AttachmentKind,
    Complaint,
    ComplaintInvestigator,
    Decision,
    Defence,
    EventKind,
    Hearing,
    Outcome,
    Sanction,
    Stage,
    State,
)
from .common import (
    CHANGE_PERMISSION,
    DECIDE_PERMISSION,
    deadline,
    decision_stage,
    event_add,
    files_check,
    files_store,
    locked,
    require_perm,
)
from .mail import complainant_mail_create

if TYPE_CHECKING:
    from apps.accounts.models import User


def _tell_complainant(complaint: Complaint, step: str, note: str = "") -> None:
    complainant_mail_create(
        complaint,
        key="complaint_update",
        context={"reference": complaint.reference, "step": step, "note": note},
    )


@transaction.atomic
def complaint_request_material(
    *, complaint: Complaint, actor: User, what: str, now: dt.datetime | None = None
) -> Complaint:
    require_perm(actor, CHANGE_PERMISSION)
    now = now or timezone.now()
    complaint = locked(complaint)
    before = complaint.state
    complaint.request_material(what=what, now=now)
    complaint.set_due(stage=Stage.MATERIAL, on=deadline(Stage.MATERIAL, now))
    complaint.save()
    # What is missing is said to the complainant: it is their to-do, not an internal note.
    event_add(
        complaint,
        kind=EventKind.MATERIAL_REQUESTED,
        actor=actor,
        from_state=before,
        public_note=complaint.material_request,
        at=now,
    )
    _tell_complainant(complaint, EventKind.MATERIAL_REQUESTED, complaint.material_request)
    return complaint


@transaction.atomic
def complaint_triage(
    *, complaint: Complaint, actor: User, track: str, reason: str = ""
) -> Complaint:
    require_perm(actor, CHANGE_PERMISSION)
    complaint = locked(complaint)
    before = complaint.state
    complaint.triage(track=track, reason=reason)
    complaint.save()
    event_add(
        complaint,
        kind=EventKind.TRIAGED,
        actor=actor,
        from_state=before,
        reason=complaint.triage_reason,
        public=False,
    )
    return complaint


@transaction.atomic
def complaint_accept(
    *, complaint: Complaint, actor: User, note: str = "", now: dt.datetime | None = None
) -> Complaint:
    require_perm(actor, CHANGE_PERMISSION)
    now = now or timezone.now()
    complaint = locked(complaint)
    before = complaint.state
    complaint.accept(now=now)
    complaint.set_due(stage=Stage.RESPONDENT_NOTICE, on=deadline(Stage.RESPONDENT_NOTICE, now))
    complaint.save()
    event_add(
        complaint, kind=EventKind.ACCEPTED, actor=actor, from_state=before, reason=note, at=now
    )
    _tell_complainant(complaint, EventKind.ACCEPTED)
    return complaint


@transaction.atomic
def complaint_not_accept(
    *,
    complaint: Complaint,
    actor: User,
    reason: str,
    guidance: str,
    now: dt.datetime | None = None,
) -> Complaint:
    require_perm(actor, CHANGE_PERMISSION)
    now = now or timezone.now()
    complaint = locked(complaint)
    before = complaint.state
    complaint.not_accept(reason=reason, guidance=guidance, now=now)
    complaint.set_due(stage="", on=None)
    complaint.save()
    note = f"{complaint.not_accepted_reason}\n{complaint.not_accepted_guidance}"
    event_add(
        complaint,
        kind=EventKind.NOT_ACCEPTED,
        actor=actor,
        from_state=before,
        reason=complaint.not_accepted_reason,
        public_note=note,
        at=now,
    )
    _tell_complainant(complaint, EventKind.NOT_ACCEPTED, note)
    return complaint


@transaction.atomic
def complaint_start_investigation(
    *, complaint: Complaint, actor: User, investigators: list[User]
) -> Complaint:
    require_perm(actor, CHANGE_PERMISSION)
    complaint = locked(complaint)
    people = {u.pk: u for u in investigators}
    for user in people.values():
        if not (user.is_active and user.is_staff and user.has_perm(CHANGE_PERMISSION)):
            raise DomainError(
                gettext("%(user)s 不是投诉处理人员，不能担任调查人员。") % {"user": user},
                code="not_officer",
            )
    before = complaint.state
    complaint.start_investigation(investigator_count=len(people))
    complaint.save()
    ComplaintInvestigator.objects.filter(complaint=complaint).exclude(user__in=people).delete()
    for user in people.values():
        ComplaintInvestigator.objects.get_or_create(complaint=complaint, user=user)
    event_add(
        complaint,
        kind=EventKind.INVESTIGATION,
        actor=actor,
        from_state=before,
        reason=", ".join(str(u) for u in people.values()),
    )
    return complaint


def _respondent_users(complaint: Complaint) -> list[User]:
    from ..selectors import firm_administrator_users

    users: dict[int, User] = {}
    lawyer = complaint.respondent_lawyer
    if lawyer is not None and lawyer.user is not None and lawyer.user.is_active:
        users[lawyer.user.pk] = lawyer.user
    if complaint.respondent_firm_id:
        for user in firm_administrator_users(firm_id=complaint.respondent_firm_id):
            users.setdefault(user.pk, user)
    return list(users.values())


@transaction.atomic
def complaint_notify_respondent(
    *, complaint: Complaint, actor: User, now: dt.datetime | None = None
) -> Complaint:
    require_perm(actor, CHANGE_PERMISSION)
    now = now or timezone.now()
    complaint = locked(complaint)
    before = complaint.state
    due = deadline(Stage.DEFENCE, now)
    complaint.notify_respondent(now=now, defence_due_on=due)
    complaint.set_due(stage=Stage.DEFENCE, on=due)
    complaint.save()
    event_add(complaint, kind=EventKind.RESPONDENT_NOTIFIED, actor=actor, from_state=before, at=now)
    for user in _respondent_users(complaint):
        notification_create(
            recipient=user,
            key="complaint_respondent_notified",
            context={"reference": complaint.reference, "due_on": due.isoformat()},
            url=f"/portal/complaints/{complaint.pk}/",
        )
    return complaint


@transaction.atomic
def complaint_defence_submit(
    *,
    complaint: Complaint,
    user: User,
    text: str,
    files: list[Any] | None = None,
    now: dt.datetime | None = None,
) -> Defence:
    """The respondent's answer, before the deadline, once per round (constraint)."""
    from ..selectors import complaint_get_for_user

    now = now or timezone.now()
    complaint_get_for_user(user=user, pk=complaint.pk, for_defence=True)  # 404/403
    complaint = locked(complaint)
    if complaint.state != State.DEFENCE:
        raise DomainError(gettext("此投诉当前不在答辩阶段。"), code="not_defence")
    if complaint.defence_due_on and timezone.localtime(now).date() > complaint.defence_due_on:
        raise DomainError(gettext("答辩期限已过，请联系投诉处理部门。"), code="defence_late")
    if Defence.objects.filter(complaint=complaint, review_round=complaint.review_round).exists():
        raise DomainError(gettext("已提交过答辩。"), code="defence_twice")
    text = (text or "").strip()
    if not text:
        raise DomainError(gettext("请填写答辩意见。"), code="defence_empty")
    checked = files_check(files or [])
    defence = Defence(
        complaint=complaint,
        review_round=complaint.review_round,
        text=text,
        submitted_by=user,
        submitted_at=now,
    )
    defence.full_clean()
    defence.save()
    files_store(complaint, checked, kind=AttachmentKind.DEFENCE, uploaded_by=user)
    complaint.set_due(
        stage=decision_stage(complaint),
        on=deadline(decision_stage(complaint), complaint.accepted_at or now),
    )
    complaint.save()
    event_add(complaint, kind=EventKind.DEFENCE, actor=user, from_state=complaint.state, at=now)
    return defence


@transaction.atomic
def complaint_schedule_hearing(
    *, complaint: Complaint, actor: User, scheduled_for: dt.datetime, place: str
) -> Hearing:
    require_perm(actor, CHANGE_PERMISSION)
    complaint = locked(complaint)
    before = complaint.state
    complaint.schedule_hearing()
    complaint.set_due(
        stage=decision_stage(complaint),
        on=deadline(decision_stage(complaint), complaint.accepted_at or timezone.now()),
    )
    complaint.save()
    hearing = Hearing(complaint=complaint, scheduled_for=scheduled_for, place=(place or "").strip())
    hearing.full_clean()
    hearing.save()
    event_add(complaint, kind=EventKind.HEARING, actor=actor, from_state=before)
    return hearing


# Sanctions that change the respondent's membership (the others are reprimands).
MEMBERSHIP_EFFECTS: dict[str, Any] = {
    Sanction.SUSPENSION: "suspension",
    Sanction.EXPULSION: "expulsion",
}


@transaction.atomic
def complaint_decide(
    *,
    complaint: Complaint,
    actor: User,
    outcome: str,
    sanction: str = "",
    suspension_months: int | None = None,
    facts: str,
    basis: str,
    text: str,
    publish_until: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Decision:
    require_perm(actor, DECIDE_PERMISSION)
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    complaint = locked(complaint)
    if outcome == Outcome.NO_VIOLATION:
        sanction, suspension_months, publish_until = "", None, None
    elif sanction not in Sanction.values:
        raise DomainError(gettext("请选择处分种类。"), code="sanction_required")
    if sanction == Sanction.SUSPENSION:
        if suspension_months is None or not 1 <= suspension_months <= 12:
            raise DomainError(gettext("中止会员权利的期限应为 1 至 12 个月。"), code="months")
    else:
        suspension_months = None
    if sanction in PUBLIC_SANCTIONS:
        if publish_until is None or publish_until < today:
            raise DomainError(gettext("公开的处分须填写不早于今天的公开截止日。"), code="publish")
    else:
        publish_until = None
    defended = Defence.objects.filter(
        complaint=complaint, review_round=complaint.review_round
    ).exists()
    if (
        complaint.state == State.DEFENCE
        and not defended
        and complaint.defence_due_on is not None
        and complaint.defence_due_on >= today
    ):
        raise DomainError(
            gettext("被投诉人的答辩期限尚未届满，须待答辩或期限届满后再作决定。"),
            code="defence_pending",
        )
    before = complaint.state
    complaint.decide(now=now)
    complaint.set_due(stage="", on=None)
    complaint.save()
    Decision.objects.filter(complaint=complaint, superseded_at__isnull=True).update(
        superseded_at=now
    )
    decision = Decision(
        complaint=complaint,
        review_round=complaint.review_round,
        outcome=outcome,
        sanction=sanction,
        suspension_months=suspension_months,
        facts=(facts or "").strip(),
        basis=(basis or "").strip(),
        text=(text or "").strip(),
        decided_at=now,
        decided_by=actor,
        publish_from=today if publish_until else None,
        publish_until=publish_until,
    )
    decision.full_clean()
    decision.save()
    # The membership follows the decision (a review's new decision replaces the old
    # effect): suspension of member rights for N months, or expulsion.
    membership_sanction_apply(
        lawyer=complaint.respondent_lawyer,
        firm=None if complaint.respondent_lawyer_id else complaint.respondent_firm,
        effect=MEMBERSHIP_EFFECTS.get(sanction),
        starts_on=today,
        months=suspension_months,
        source=f"complaint:{complaint.reference}",
    )
    label = decision.get_sanction_display() or decision.get_outcome_display()
    event_add(
        complaint,
        kind=EventKind.DECIDED,
        actor=actor,
        from_state=before,
        public_note=str(label),
        at=now,
    )
    _tell_complainant(complaint, EventKind.DECIDED, str(label))
    for user in _respondent_users(complaint):
        notification_create(
            recipient=user,
            key="complaint_decided_respondent",
            context={"reference": complaint.reference, "result": str(label)},
            url=f"/portal/complaints/{complaint.pk}/",
        )
    return decision


@transaction.atomic
def complaint_close(
    *, complaint: Complaint, actor: User, now: dt.datetime | None = None
) -> Complaint:
    require_perm(actor, CHANGE_PERMISSION)
    now = now or timezone.now()
    complaint = locked(complaint)
    before = complaint.state
    complaint.close(now=now)
    complaint.set_due(stage="", on=None)
    complaint.save()
    event_add(complaint, kind=EventKind.CLOSED, actor=actor, from_state=before, at=now)
    return complaint


@transaction.atomic
def complaint_reopen_for_review(
    *, complaint: Complaint, actor: User, reason: str, now: dt.datetime | None = None
) -> Complaint:
    """An appeal accepted by the officer: investigation again; the decision stands until
    a new one supersedes it."""
    require_perm(actor, DECIDE_PERMISSION)
    now = now or timezone.now()
    complaint = locked(complaint)
    if complaint.pii_purged_at is not None:
        raise DomainError(gettext("个人信息已清除的投诉不能复查。"), code="purged")
    before = complaint.state
    complaint.reopen_for_review(reason=reason)
    complaint.set_due(stage=decision_stage(complaint), on=deadline(decision_stage(complaint), now))
    complaint.save()
    event_add(
        complaint, kind=EventKind.REVIEW, actor=actor, from_state=before, reason=reason, at=now
    )
    _tell_complainant(complaint, EventKind.REVIEW)
    return complaint

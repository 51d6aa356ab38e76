"""Public intake and what the complainant does later through the tracking page."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext

from apps.core.exceptions import DomainError

from ..codes import reference_next, tracking_code_hash, tracking_code_new
from ..models import (
    AttachmentKind,
    Complaint,
    EventKind,
    IdType,
    Stage,
    State,
    Supplement,
    Track,
    TriageRule,
)
from .common import deadline, event_add, files_check, files_store, locked
from .mail import complainant_mail_create

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.members.models import LawFirm, Lawyer

PRIOR_WINDOW = dt.timedelta(days=3 * 365)


@dataclass(frozen=True)
class Submitted:
    complaint: Complaint
    tracking_code: str  # shown once and e-mailed; only its hash is stored


def triage_suggest(complaint: Complaint) -> tuple[str, TriageRule | None]:
    """The track the first matching active rule suggests (simple when none matches)."""
    prior = None
    complainants = 1 + complaint.co_complainants
    for rule in TriageRule.objects.filter(active=True).order_by("order", "id"):
        if rule.category and rule.category != complaint.category:
            continue
        if rule.keyword and rule.keyword not in complaint.facts:
            continue
        if rule.min_complainants and complainants < rule.min_complainants:
            continue
        if rule.min_prior_complaints:
            if prior is None:
                prior = _prior_complaints(complaint)
            if prior < rule.min_prior_complaints:
                continue
        return rule.track, rule
    return Track.SIMPLE, None


def _prior_complaints(complaint: Complaint) -> int:
    who = Q()
    if complaint.respondent_lawyer_id:
        who |= Q(respondent_lawyer_id=complaint.respondent_lawyer_id)
    if complaint.respondent_firm_id:
        who |= Q(respondent_firm_id=complaint.respondent_firm_id)
    if not who:
        return 0
    since = complaint.submitted_at - PRIOR_WINDOW
    return Complaint.objects.filter(who, submitted_at__gte=since).exclude(pk=complaint.pk).count()


@transaction.atomic
def complaint_submit(
    *,
    complainant_name: str,
    id_type: str,
    id_number: str,
    phone: str,
    email: str,
    address: str = "",
    acting_for: bool = False,
    principal_name: str = "",
    co_complainants: int = 0,
    respondent_lawyer: Lawyer | None = None,
    respondent_firm: LawFirm | None = None,
    respondent_text: str = "",
    category: str,
    facts: str,
    request: str,
    evidence: list[Any] | None = None,
    power_of_attorney: Any = None,
    consent: bool,
    submitted_by: User | None = None,
    submit_token: uuid.UUID | None = None,
    now: dt.datetime | None = None,
) -> Submitted:
    """File a complaint: reference + secret code, timeline, acceptance deadline, e-mail.

    A repeated ``submit_token`` (double click, re-posted form) returns the first
    complaint with an empty code: the code was shown and e-mailed the first time.
    """
    now = now or timezone.now()
    if submit_token is not None:
        existing = Complaint.objects.filter(submit_token=submit_token).first()
        if existing is not None:
            return Submitted(complaint=existing, tracking_code="")
    if not consent:
        raise DomainError(gettext("请阅读并同意隐私声明后再提交。"), code="consent")
    if acting_for and not power_of_attorney:
        raise DomainError(gettext("代他人投诉须上传授权委托书。"), code="poa_required")
    if acting_for and not principal_name.strip():
        raise DomainError(gettext("代他人投诉须填写被代理人姓名。"), code="principal_required")
    if respondent_lawyer is None and respondent_firm is None and not respondent_text.strip():
        raise DomainError(gettext("请选择或填写被投诉的律师或律师事务所。"), code="respondent")
    if respondent_lawyer is not None and respondent_firm is None:
        respondent_firm = respondent_lawyer.firm
    evidence_checked = files_check(evidence or [], already=1 if power_of_attorney else 0)
    poa_checked = files_check([power_of_attorney]) if power_of_attorney else []

    code = tracking_code_new()
    complaint = Complaint(
        reference=reference_next(timezone.localtime(now).year),
        tracking_code_hash=tracking_code_hash(code),
        submit_token=submit_token,
        category=category,
        submitted_by=submitted_by if submitted_by and submitted_by.is_authenticated else None,
        complainant_name=complainant_name.strip(),
        complainant_id_type=id_type or IdType.RESIDENT,
        complainant_id_number=id_number,
        complainant_phone=phone,
        complainant_email=email.strip().lower(),
        complainant_address=address.strip(),
        acting_for=acting_for,
        principal_name=principal_name.strip() if acting_for else "",
        co_complainants=co_complainants,
        consent_at=now,
        respondent_lawyer=respondent_lawyer,
        respondent_firm=respondent_firm,
        respondent_text=respondent_text.strip(),
        facts=facts.strip(),
        request=request.strip(),
        submitted_at=now,
        complete_at=now,
    )
    complaint.suggested_track, _rule = triage_suggest(complaint)
    complaint.set_due(stage=Stage.ACCEPTANCE, on=deadline(Stage.ACCEPTANCE, now))
    complaint.full_clean()
    complaint.save()
    files_store(complaint, poa_checked, kind=AttachmentKind.POWER_OF_ATTORNEY)
    files_store(complaint, evidence_checked, kind=AttachmentKind.EVIDENCE)
    event_add(complaint, kind=EventKind.SUBMITTED, actor=submitted_by, from_state="", at=now)
    complainant_mail_create(
        complaint,
        key="complaint_received",
        context={
            "reference": complaint.reference,
            "tracking_code": code,
            "due_on": complaint.due_on.isoformat() if complaint.due_on else "",
        },
        language=get_language() or "zh-hans",
        secret_keys=("tracking_code",),
    )
    return Submitted(complaint=complaint, tracking_code=code)


@transaction.atomic
def complaint_supplement(
    *,
    complaint: Complaint,
    text: str,
    files: list[Any] | None = None,
    now: dt.datetime | None = None,
) -> Supplement:
    """The complainant adds information; if material was requested, the clock restarts."""
    now = now or timezone.now()
    complaint = locked(complaint)
    if not complaint.is_open:
        raise DomainError(gettext("此投诉已办结，不能再补充材料。"), code="closed")
    text = (text or "").strip()
    files = [f for f in (files or []) if f]
    if not text and not files:
        raise DomainError(gettext("请填写补充说明或上传文件。"), code="empty")
    checked = files_check(files, already=complaint.attachments.count())
    supplement = Supplement(complaint=complaint, text=text, submitted_at=now)
    supplement.full_clean()
    supplement.save()
    files_store(complaint, checked, kind=AttachmentKind.SUPPLEMENT)
    before = complaint.state
    if complaint.state == State.AWAITING_MATERIAL:
        complaint.material_supplied(now=now)
        complaint.set_due(stage=Stage.ACCEPTANCE, on=deadline(Stage.ACCEPTANCE, now))
        complaint.save()
    event_add(complaint, kind=EventKind.SUPPLEMENT, actor=None, from_state=before, at=now)
    return supplement

"""Pieces every complaint service shares: deadlines, events, files, permission checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext

from apps.core.exceptions import DomainError

from .. import workdays
from ..models import (
    DEFAULT_STAGE_DAYS,
    AttachmentKind,
    Complaint,
    ComplaintAttachment,
    ComplaintEvent,
    Stage,
    StageLimit,
)
from ..validators import MAX_FILES, validate_upload

if TYPE_CHECKING:
    from apps.accounts.models import User

CHANGE_PERMISSION = "complaints.change_complaint"
DECIDE_PERMISSION = "complaints.decide_complaint"
PII_PERMISSION = "complaints.view_complainant_pii"


def require_perm(actor: User | None, perm: str) -> None:
    """Services check the actor too: an admin view, a command or a task call them alike."""
    if actor is None or not actor.is_active or not actor.has_perm(perm):
        raise PermissionDenied(gettext("您没有处理投诉的权限。"))


def stage_days(stage: str) -> int:
    row = StageLimit.objects.filter(stage=stage).values_list("working_days", flat=True).first()
    return int(row) if row is not None else DEFAULT_STAGE_DAYS[stage]


def deadline(stage: str, start: dt.date | dt.datetime) -> dt.date:
    if isinstance(start, dt.datetime):
        start = timezone.localtime(start).date()
    return workdays.add_working_days(start, stage_days(stage))


def decision_stage(complaint: Complaint) -> str:
    return Stage.DECISION_COMPLEX if complaint.track == "complex" else Stage.DECISION_SIMPLE


def event_add(
    complaint: Complaint,
    *,
    kind: str,
    actor: User | None,
    from_state: str,
    reason: str = "",
    public: bool = True,
    public_note: str = "",
    at: dt.datetime | None = None,
) -> ComplaintEvent:
    event = ComplaintEvent(
        complaint=complaint,
        kind=kind,
        actor=actor if actor is not None and actor.is_authenticated else None,
        from_state=from_state,
        to_state=complaint.state,
        reason=reason,
        public=public,
        public_note=public_note,
        at=at or timezone.now(),
    )
    event.save()
    return event


def locked(complaint: Complaint | int) -> Complaint:
    pk = complaint if isinstance(complaint, int) else complaint.pk
    found = Complaint.objects.select_for_update().filter(pk=pk).first()
    if found is None:
        raise DomainError(gettext("投诉不存在。"), code="missing")
    return found


def files_check(files: Iterable[Any], *, already: int = 0) -> list[tuple[Any, str]]:
    """Validate every upload (all or nothing); [(file, content_type)]."""
    from django.core.exceptions import ValidationError

    files = [f for f in files if f]
    if already + len(files) > MAX_FILES:
        raise DomainError(
            gettext("每件投诉最多上传 %(n)s 个文件。") % {"n": MAX_FILES}, code="too_many_files"
        )
    checked = []
    for file in files:
        try:
            checked.append((file, validate_upload(file)))
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), code="bad_file") from exc
    return checked


def files_store(
    complaint: Complaint,
    checked: list[tuple[Any, str]],
    *,
    kind: str = AttachmentKind.EVIDENCE,
    uploaded_by: User | None = None,
) -> list[ComplaintAttachment]:
    from pathlib import PurePath

    stored = []
    for file, content_type in checked:
        attachment = ComplaintAttachment(
            complaint=complaint,
            kind=kind,
            original_name=PurePath(file.name).name[:200],
            content_type=content_type,
            size=file.size,
            uploaded_by=uploaded_by if uploaded_by and uploaded_by.is_authenticated else None,
        )
        attachment.file.save(file.name, file, save=False)
        attachment.save()
        stored.append(attachment)
    return stored

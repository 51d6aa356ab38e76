"""Pro-bono records: lawyers log them in the portal, member-services staff verify."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.exceptions import DomainError
from apps.members.models import Lawyer

from ..models import ProBonoRecord, RecordStatus
from ..selectors.probono import probono_totals_invalidate

REVIEW_PERMISSION = "legalservices.change_probonorecord"


@transaction.atomic
def probono_record_log(*, lawyer: Lawyer, data: dict[str, Any]) -> ProBonoRecord:
    if data.get("date") and data["date"] > timezone.localdate():
        raise DomainError(_("服务日期不能晚于今天。"))
    record = ProBonoRecord(lawyer=lawyer, **data)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def probono_record_review(
    *, actor: User, record: ProBonoRecord, verified: bool, note: str = ""
) -> ProBonoRecord:
    if not actor.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied
    record = ProBonoRecord.objects.select_for_update().get(pk=record.pk)
    if record.status != RecordStatus.SUBMITTED:
        raise DomainError(_("该记录已核实过。"))
    record.status = RecordStatus.VERIFIED if verified else RecordStatus.REJECTED
    record.reviewed_by = actor
    record.reviewed_at = timezone.now()
    record.review_note = note[:200]
    record.save()
    year = record.date.year
    transaction.on_commit(lambda: probono_totals_invalidate(year=year))
    return record

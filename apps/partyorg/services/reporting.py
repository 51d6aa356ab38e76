"""Writes for responsibility and reporting: major-matter reports (file → acknowledge →
answer, with a working-day deadline) and the review of innovative cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from .. import permissions
from ..models import InnovativeCase, MajorMatterReport, PartyOrganization
from ..workdays import add_workdays

REPLY_WORKDAYS = 10  # the sector committee answers within ten working days


@transaction.atomic
def major_report_file(
    *, actor: Any, organization: PartyOrganization, title: str, body: str, filed_on: dt.date
) -> MajorMatterReport:
    """Record a report received from an organization; the reply is due in 10 working days."""
    permissions.require(permissions.can_manage(actor))
    report = MajorMatterReport(
        organization=organization,
        title=title.strip(),
        body=body.strip(),
        filed_on=filed_on,
        reply_due=add_workdays(filed_on, REPLY_WORKDAYS),
        handled_by=actor,
    )
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def major_report_acknowledge(*, actor: Any, report: MajorMatterReport) -> MajorMatterReport:
    permissions.require(permissions.can_manage(actor))
    report = MajorMatterReport.objects.select_for_update().get(pk=report.pk)
    report.acknowledge()
    report.acknowledged_at, report.handled_by = timezone.now(), actor
    report.save(update_fields=["status", "acknowledged_at", "handled_by"])
    return report


@transaction.atomic
def major_report_answer(*, actor: Any, report: MajorMatterReport, answer: str) -> MajorMatterReport:
    permissions.require(permissions.can_manage(actor))
    report = MajorMatterReport.objects.select_for_update().get(pk=report.pk)
    report.give_answer(answer)
    now = timezone.now()
    report.acknowledged_at = report.acknowledged_at or now
    report.answered_at, report.handled_by = now, actor
    report.save(update_fields=["status", "answer", "acknowledged_at", "answered_at", "handled_by"])
    return report


@transaction.atomic
def case_review(
    *, actor: Any, case: InnovativeCase, featured: bool, note: str = ""
) -> InnovativeCase:
    permissions.require(permissions.can_manage(actor))
    case = InnovativeCase.objects.select_for_update().get(pk=case.pk)
    case.review(featured=featured, note=note)
    case.reviewed_at = timezone.now()
    case.save(update_fields=["status", "review_note", "reviewed_at"])
    return case

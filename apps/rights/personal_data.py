"""Rights reports, relief applications and compliance reminders, for the member's own-data
download (`apps.core.personal_data`): what the member's portal pages show of them."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from apps.core.personal_data import personal_data_register, record, records

from .models import ComplianceReminder, ReliefApplication, RightsReport, RightsReportEvent

REPORT_FIELDS = [
    "reference",
    "kind",
    "occurred_on",
    "authority",
    "description",
    "status",
    "submitted_at",
    "acknowledged_at",
    "outcome",
    "closed_at",
]
RELIEF_FIELDS = [
    "reference",
    "kind",
    "event_date",
    "description",
    "amount_requested",
    "status",
    "submitted_at",
    "endorsed_at",
    "endorsement_note",
    "decided_at",
    "amount_granted",
    "decision_note",
]


def personal_data_export(user: Any) -> dict[str, Any]:
    reports = (
        RightsReport.objects.filter(lawyer__user=user)
        .prefetch_related(
            Prefetch("events", queryset=RightsReportEvent.objects.order_by("at", "id"))
        )
        .order_by("-submitted_at")
    )
    return {
        "rights_reports": [
            {
                **record(report, REPORT_FIELDS),
                "history": records(report.events.all(), ["at", "status", "note"]),
            }
            for report in reports
        ],
        "relief_applications": records(
            ReliefApplication.objects.filter(lawyer__user=user).order_by("-submitted_at"),
            RELIEF_FIELDS,
        ),
        "compliance_reminders": records(
            ComplianceReminder.objects.filter(lawyer__user=user).order_by("-sent_at"),
            ["sent_on", "sent_at", "topics"],
        ),
    }


def register() -> None:
    personal_data_register("rights", label=_("维权与救助"), exporter=personal_data_export, order=70)

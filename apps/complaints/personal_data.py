"""Complaints, for the member's own-data download (`apps.core.personal_data`).

* As the respondent: exactly what the portal shows them (`views_portal`) — the
  allegation, the current decision once decided, their own defences — never the
  complainant's identity or contacts, nor staff's internal notes.
* As a complainant signed in when filing: what they entered about themselves (until the
  retention job purged it) and the public progress of their complaint.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from apps.core.personal_data import personal_data_register, record, records

from .models import Complaint, Decision, Defence, State

RESPONDENT_FIELDS = [
    "reference",
    "category",
    "state",
    "respondent_notified_at",
    "defence_due_on",
    "facts",
    "request",
]
DECISION_FIELDS = ["outcome", "sanction", "suspension_months", "decided_at", "publish_until"]
DECISION_TEXT_FIELDS = ["facts", "basis", "text"]
COMPLAINANT_FIELDS = [
    "reference",
    "category",
    "state",
    "submitted_at",
    "complainant_name",
    "complainant_id_type",
    "complainant_id_number",
    "complainant_phone",
    "complainant_email",
    "complainant_address",
    "acting_for",
    "principal_name",
    "respondent_text",
    "facts",
    "request",
    "closed_at",
]


def personal_data_export(user: Any) -> dict[str, Any]:
    answered = (
        Complaint.objects.filter(respondent_lawyer__user=user, respondent_notified_at__isnull=False)
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.current().order_by("-decided_at"),
                to_attr="current_decisions",
            ),
            Prefetch(
                "defences",
                queryset=Defence.objects.filter(submitted_by=user).order_by("submitted_at"),
                to_attr="own_defences",
            ),
        )
        .order_by("-respondent_notified_at", "-id")
    )
    as_respondent = []
    for complaint in answered:
        decided = complaint.state in (State.DECIDED, State.CLOSED)
        current = complaint.current_decisions
        decision = current[0] if decided and current else None
        as_respondent.append(
            {
                **record(complaint, RESPONDENT_FIELDS),
                "decision": (
                    record(decision, DECISION_FIELDS + DECISION_TEXT_FIELDS) if decision else None
                ),
                "defences": records(complaint.own_defences, ["submitted_at", "text"]),
            }
        )
    filed = Complaint.objects.filter(submitted_by=user).order_by("-submitted_at", "-id")
    return {
        "as_respondent": as_respondent,
        "as_complainant": records(filed, COMPLAINANT_FIELDS),
    }


def register() -> None:
    personal_data_register("complaints", label=_("投诉"), exporter=personal_data_export, order=80)

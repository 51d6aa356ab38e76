"""Pro-bono work, programmes, mediation and feedback, for the member's own-data download
(`apps.core.personal_data`). Consultations assigned to the member are listed by their
question and answer, without the asking citizen's contacts (someone else's data)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from apps.core.personal_data import personal_data_register, record, records

from .models import (
    BusinessFeedback,
    ConsultationRequest,
    EventVolunteer,
    Mediator,
    ProBonoRecord,
    ProgrammeEdition,
)


def personal_data_export(user: Any) -> dict[str, Any]:
    mediator = Mediator.objects.filter(lawyer__user=user).first()
    return {
        "pro_bono_records": records(
            ProBonoRecord.objects.filter(lawyer__user=user).order_by("-date", "-id"),
            [
                "kind",
                "date",
                "hours",
                "people_helped",
                "place",
                "summary",
                "status",
                "created_at",
                "reviewed_at",
                "review_note",
            ],
        ),
        "volunteering": records(
            EventVolunteer.objects.filter(lawyer__user=user)
            .select_related("event")
            .order_by("-signed_up_at"),
            ["event", "signed_up_at"],
        ),
        "programmes": [
            str(edition)
            for edition in ProgrammeEdition.objects.filter(participants__user=user)
            .select_related("programme")
            .order_by("-year")
        ],
        "mediator": (
            record(mediator, ["specialities", "appointed_on", "is_active"]) if mediator else None
        ),
        "business_feedback": records(
            BusinessFeedback.objects.filter(lawyer__user=user).order_by("-created_at"),
            ["theme", "title", "description", "status", "answer", "created_at", "answered_at"],
        ),
        "consultations_assigned": records(
            ConsultationRequest.objects.filter(assigned_to__user=user).order_by("-created_at"),
            ["reference", "topic", "description", "status", "created_at", "answer", "answered_at"],
        ),
    }


def register() -> None:
    personal_data_register(
        "legalservices", label=_("公益法律服务"), exporter=personal_data_export, order=40
    )

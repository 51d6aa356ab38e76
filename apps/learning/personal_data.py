"""CLE enrolments, credited hours, reminders and the card photo, for the member's own-data
download (`apps.core.personal_data`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from apps.core.personal_data import personal_data_register, record, records

from .models import CardPhoto, CreditEntry, Enrolment, Reminder


def personal_data_export(user: Any) -> dict[str, Any]:
    photo = CardPhoto.objects.filter(lawyer__user=user).first()
    return {
        "enrolments": records(
            Enrolment.objects.filter(lawyer__user=user)
            .select_related("course")
            .order_by("-enrolled_at"),
            [
                "course",
                "course__starts_at",
                "status",
                "enrolled_at",
                "checked_in_at",
                "completed_at",
            ],
        ),
        "credits": records(
            CreditEntry.objects.filter(lawyer__user=user).order_by("-credited_on", "-id"),
            ["title", "mode", "source", "minutes", "credited_on", "reference", "reason"],
        ),
        "reminders": records(
            Reminder.objects.filter(lawyer__user=user).order_by("-created_at"),
            ["year", "round", "short_minutes", "created_at"],
        ),
        "card_photo": record(photo, ["image", "updated_at"]) if photo else None,
    }


def register() -> None:
    personal_data_register("learning", label=_("继续教育"), exporter=personal_data_export, order=30)

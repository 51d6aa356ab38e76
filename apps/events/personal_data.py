"""Clubs, event registrations and contest votes, for the member's own-data download
(`apps.core.personal_data`). The calendar feed's secret token is left out: it is a
credential, not data about the member."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from apps.core.personal_data import personal_data_register, records

from .models import ClubMembership, Registration, Vote


def personal_data_export(user: Any) -> dict[str, Any]:
    return {
        "clubs": records(
            ClubMembership.objects.filter(lawyer__user=user)
            .select_related("club")
            .order_by("joined_at"),
            ["club", "joined_at"],
        ),
        "registrations": records(
            Registration.objects.filter(lawyer__user=user)
            .select_related("event", "option")
            .order_by("-created_at"),
            [
                "event",
                "event__starts_at",
                "option",
                "status",
                "created_at",
                "promoted_at",
                "cancelled_at",
                "checked_in_at",
            ],
        ),
        "votes": records(
            Vote.objects.filter(lawyer__user=user)
            .select_related("category__contest", "entry")
            .order_by("-created_at"),
            ["category__contest", "category", "entry", "created_at"],
        ),
    }


def register() -> None:
    personal_data_register(
        "events", label=_("活动报名与投票"), exporter=personal_data_export, order=50
    )

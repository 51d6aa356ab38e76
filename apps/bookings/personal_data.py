"""The member's own detention-centre visit bookings, for their own-data download
(`apps.core.personal_data`): the detainee's and client's names are in it because the
member typed them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from apps.core.personal_data import personal_data_register, records

from .models import Booking


def personal_data_export(user: Any) -> list[dict[str, Any]]:
    return records(
        Booking.objects.filter(lawyer__user=user)
        .select_related("facility", "slot__room__facility")
        .order_by("-date", "-id"),
        [
            "facility",
            "slot__room",
            "date",
            "half",
            "detainee_name",
            "client_name",
            "case_reference",
            "status",
            "created_at",
            "confirmed_at",
            "cancelled_at",
        ],
    )


def register() -> None:
    personal_data_register("bookings", label=_("会见预约"), exporter=personal_data_export, order=60)

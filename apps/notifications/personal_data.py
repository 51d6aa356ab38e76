"""Notifications sent to the user, for their own-data download (`apps.core.personal_data`):
what each said (its key and context) and when it was sent and read — not the outbox's
delivery bookkeeping."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from apps.core.personal_data import personal_data_register, records

from .models import Notification


def personal_data_export(user: Any) -> list[dict[str, Any]]:
    return records(
        Notification.objects.filter(recipient=user).order_by("-created_at", "-id"),
        ["key", "context", "url", "created_at", "sent_at", "read_at"],
    )


def register() -> None:
    personal_data_register(
        "notifications", label=_("通知"), exporter=personal_data_export, order=90
    )

"""The member's contributions (投稿), for their own-data download
(`apps.core.personal_data`): the text they sent, the attachment's name and the decision."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from apps.core.personal_data import personal_data_register, records

from .models import Contribution


def personal_data_export(user: Any) -> list[dict[str, Any]]:
    return records(
        Contribution.objects.filter(author=user).select_related("article").order_by("-created_at"),
        [
            "title",
            "body",
            "attachment",
            "status",
            "decline_reason",
            "article",
            "created_at",
            "decided_at",
        ],
    )


def register() -> None:
    personal_data_register("news", label=_("投稿"), exporter=personal_data_export, order=85)

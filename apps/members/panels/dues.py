"""The portal home's dues panel: this fee year's amount, what was paid, what is owed."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def _portal_context(request: HttpRequest, lawyer: Any) -> dict[str, Any] | None:
    """One query: the current fee year's invoice with its payments summed."""
    from ..selectors import lawyer_fee_year_dues

    if lawyer is None:
        return None
    return {"dues": lawyer_fee_year_dues(lawyer_id=lawyer.pk)}


def panels_register() -> None:
    from apps.core.panels import panel_register

    panel_register(
        "portal.home",
        "members.dues",
        template="members/includes/_portal_dues.html",
        context=_portal_context,
        order=20,
    )

"""What bookings contribute to the portal home (apps.core.panels)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def _portal_context(request: HttpRequest, lawyer: Any) -> dict[str, Any] | None:
    from .selectors import upcoming_for_lawyer

    if lawyer is None:
        return None
    return {"bookings": upcoming_for_lawyer(lawyer=lawyer)}


def panels_register() -> None:
    from apps.core.panels import panel_register

    panel_register(
        "portal.home",
        "bookings.upcoming",
        template="bookings/includes/_portal_upcoming.html",
        context=_portal_context,
        order=35,
    )

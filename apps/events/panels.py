"""What events contribute to the portal home (apps.core.panels)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def _portal_context(request: HttpRequest, lawyer: Any) -> dict[str, Any] | None:
    from .selectors import upcoming_for_lawyer

    if lawyer is None:
        return None
    return {"registrations": upcoming_for_lawyer(lawyer=lawyer)}


def panels_register() -> None:
    from apps.core.panels import panel_register

    panel_register(
        "portal.home",
        "events.upcoming",
        template="events/includes/_portal_upcoming.html",
        context=_portal_context,
        order=30,
    )

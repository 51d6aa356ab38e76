"""What the CLE academy contributes to pages other apps own (apps.core.panels)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def _portal_context(request: HttpRequest, lawyer: Any) -> dict[str, Any] | None:
    """This year's hours against the requirement: annotated on the portal's lawyer query
    (no query of its own), one aggregate query otherwise."""
    from .selectors import progress_for_lawyer

    if lawyer is None:
        return None
    return {"progress": progress_for_lawyer(lawyer=lawyer)}


def _portal_annotations(request: HttpRequest) -> dict[str, Any]:
    from .selectors import progress_annotations

    return progress_annotations()


def _card_context(request: HttpRequest, lawyer: Any) -> dict[str, Any] | None:
    if lawyer is None:
        return None
    return {"lawyer": lawyer}


def _public_photo_context(request: HttpRequest, lawyer: Any) -> dict[str, Any] | None:
    from .selectors import card_photo_for

    photo = card_photo_for(lawyer=lawyer)
    return {"photo": photo, "lawyer": lawyer} if photo else None


def panels_register() -> None:
    from apps.core.panels import panel_register

    panel_register(
        "portal.home",
        "learning.progress",
        template="learning/includes/_portal_progress.html",
        context=_portal_context,
        annotations=_portal_annotations,
        order=10,
    )
    panel_register(
        "portal.home",
        "learning.card",
        template="learning/includes/_portal_card_link.html",
        context=_card_context,
        order=90,
    )
    panel_register(
        "lawyer.public",
        "learning.photo",
        template="learning/includes/_public_photo.html",
        context=_public_photo_context,
        order=5,
    )

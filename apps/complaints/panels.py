"""What complaints contributes to pages other apps own (apps.core.panels)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def _portal_context(request: HttpRequest, lawyer: Any) -> dict[str, Any] | None:
    from apps.members.selectors import administered_firm_ids

    from .selectors import respondent_awaiting_count

    if not request.user.is_authenticated:
        return None
    # The portal's lawyer query already holds the firms the user administers.
    firm_ids = administered_firm_ids(lawyer) if lawyer is not None else None
    awaiting = respondent_awaiting_count(user=request.user, firm_ids=firm_ids)
    if not awaiting:
        return None
    return {"awaiting": awaiting}


def _lawyer_context(request: HttpRequest, lawyer: Any) -> dict[str, Any] | None:
    from .selectors import public_sanctions_for_lawyer

    sanctions = public_sanctions_for_lawyer(lawyer=lawyer)
    return {"sanctions": sanctions} if sanctions else None


def _firm_context(request: HttpRequest, firm: Any) -> dict[str, Any] | None:
    from .selectors import public_sanctions_for_firm

    sanctions = public_sanctions_for_firm(firm=firm)
    return {"sanctions": sanctions} if sanctions else None


def panels_register() -> None:
    from apps.core.panels import panel_register

    panel_register(
        "portal.home",
        "complaints.awaiting",
        template="complaints/includes/_portal_awaiting.html",
        context=_portal_context,
        order=30,
    )
    panel_register(
        "lawyer.public",
        "complaints.sanctions",
        template="complaints/includes/_public_sanctions.html",
        context=_lawyer_context,
        order=50,
    )
    panel_register(
        "firm.public",
        "complaints.sanctions",
        template="complaints/includes/_public_sanctions.html",
        context=_firm_context,
        order=50,
    )

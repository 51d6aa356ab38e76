"""What rights contributes to the portal home (apps.core.panels): open reports and
applications, and — for a firm administrator — relief applications awaiting endorsement."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def _portal_context(request: HttpRequest, lawyer: Any) -> dict[str, Any] | None:
    from .models import ReportStatus
    from .selectors import relief_awaiting_count_for_user, report_list_for_user

    if lawyer is None:
        return None
    from apps.members.selectors import firms_administered_by

    user: Any = request.user
    return {
        "administered_firms": list(firms_administered_by(user=user)),
        "open_reports": report_list_for_user(user=user).exclude(status=ReportStatus.CLOSED).count(),
        "awaiting_endorsement": relief_awaiting_count_for_user(user=user),
    }


def panels_register() -> None:
    from apps.core.panels import panel_register

    panel_register(
        "portal.home",
        "rights.services",
        template="rights/includes/_portal_panel.html",
        context=_portal_context,
        order=70,
    )

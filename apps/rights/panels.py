"""What rights contributes to the portal home (apps.core.panels): open reports and
applications, and — for a firm administrator — relief applications awaiting endorsement."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

OPEN_REPORTS_ATTR = "rights_open_reports"
AWAITING_ATTR = "rights_awaiting_endorsement"


def _portal_annotations(request: HttpRequest) -> dict[str, Any]:
    """The lawyer's open reports, counted in the portal's lawyer query."""
    from django.db.models import OuterRef

    from apps.core.related_rows import related_total
    from apps.members.models import FirmAdministrator

    from .models import ReliefApplication, ReliefStatus, ReportStatus, RightsReport

    # The rules of report_list_for_user and relief_endorse_list_for_user, on the user.
    administered = (
        FirmAdministrator.objects.live()
        .filter(lawyer__user=OuterRef(OuterRef("user_id")))
        .values("firm_id")
    )
    return {
        OPEN_REPORTS_ATTR: related_total(
            RightsReport.objects.filter(lawyer__user=OuterRef("user_id")).exclude(
                status=ReportStatus.CLOSED
            ),
            function="COUNT",
        ),
        AWAITING_ATTR: related_total(
            ReliefApplication.objects.filter(
                firm_id_at_application__in=administered,
                status=ReliefStatus.AWAITING_ENDORSEMENT,
            ).exclude(lawyer__user=OuterRef("user_id")),
            function="COUNT",
        ),
    }


def _portal_context(request: HttpRequest, lawyer: Any) -> dict[str, Any] | None:
    from apps.members.selectors import firms_administered_by, portal_administered_firms

    from .models import ReportStatus
    from .selectors import relief_awaiting_count_for_user, report_list_for_user

    if lawyer is None:
        return None
    if hasattr(lawyer, OPEN_REPORTS_ATTR):  # the portal's lawyer query: no query here
        return {
            "administered_firms": portal_administered_firms(lawyer),
            "open_reports": getattr(lawyer, OPEN_REPORTS_ATTR),
            "awaiting_endorsement": getattr(lawyer, AWAITING_ATTR),
        }
    user: Any = request.user
    open_reports = report_list_for_user(user=user).exclude(status=ReportStatus.CLOSED).count()
    return {
        "administered_firms": list(firms_administered_by(user=user)),
        "open_reports": open_reports,
        "awaiting_endorsement": relief_awaiting_count_for_user(user=user),
    }


def panels_register() -> None:
    from apps.core.panels import panel_register

    panel_register(
        "portal.home",
        "rights.services",
        template="rights/includes/_portal_panel.html",
        context=_portal_context,
        annotations=_portal_annotations,
        order=70,
    )

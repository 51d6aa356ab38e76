"""The portal home's annual review and honours panel (年度考核与荣誉): the lawyer's own
grades for every review year, deferrals included, and all their honours (2 queries)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def _portal_context(request: HttpRequest, lawyer: Any) -> dict[str, Any] | None:
    from ..selectors.records import lawyer_record_own

    if lawyer is None:
        return None
    return {"record": lawyer_record_own(lawyer=lawyer)}


def panels_register() -> None:
    from apps.core.panels import panel_register

    panel_register(
        "portal.home",
        "members.records",
        template="members/includes/_portal_record.html",
        context=_portal_context,
        order=30,
    )

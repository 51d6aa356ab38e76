"""The portal home's annual review and honours panel (年度考核与荣誉): the lawyer's own
grades for every review year, deferrals included, and all their honours (annotated on the
portal's lawyer query: no query of its own)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def _portal_context(request: HttpRequest, lawyer: Any) -> dict[str, Any] | None:
    from ..selectors.records import lawyer_record_own

    if lawyer is None:
        return None
    return {"record": lawyer_record_own(lawyer=lawyer)}


def _portal_annotations(request: HttpRequest) -> dict[str, Any]:
    from ..selectors.records import lawyer_record_own_annotations

    return lawyer_record_own_annotations()


def panels_register() -> None:
    from apps.core.panels import panel_register

    panel_register(
        "portal.home",
        "members.records",
        template="members/includes/_portal_record.html",
        context=_portal_context,
        annotations=_portal_annotations,
        order=30,
    )

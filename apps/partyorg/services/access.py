"""Logging staff views of the roster's personal data (who, when, what)."""

from __future__ import annotations

from typing import Any

from ..models import PartyMember, PartyOrganization, RosterAccessLog


def roster_access_log(
    *,
    user: Any,
    action: str,
    member: PartyMember | None = None,
    organization: PartyOrganization | None = None,
    detail: str = "",
) -> RosterAccessLog:
    return RosterAccessLog.objects.create(
        user=user,
        action=action[:30],
        member=member,
        organization=organization,
        detail=detail[:200],
    )

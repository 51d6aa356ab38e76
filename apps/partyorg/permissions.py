"""Who may do what in the registry — the one place these checks live.

Party-affairs staff keep the registry (model permissions from apps/accounts/roles.py);
exporting names and the registry-health report carry their own permissions, given to the
party-affairs role only. The public sees aggregates (selectors.statistics) and nothing else.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

MANAGE = "partyorg.change_partyorganization"
MANAGE_MEMBERS = "partyorg.change_partymember"
EXPORT = "partyorg.export_registry"
HEALTH = "partyorg.view_registry_health"


def _has(user: Any, perm: str) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_staff
        and user.has_perm(perm)
    )


def can_manage(user: Any) -> bool:
    return _has(user, MANAGE)


def can_manage_members(user: Any) -> bool:
    return _has(user, MANAGE_MEMBERS)


def can_export(user: Any) -> bool:
    return _has(user, EXPORT)


def can_view_health(user: Any) -> bool:
    return _has(user, HEALTH)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied

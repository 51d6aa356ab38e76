"""Who counts as a *current member* of the association: the one predicate for members-only
content (articles, attachments, contributions) and anything later apps restrict to members.

    from apps.accounts.permissions import is_current_member
    if is_current_member(request.user): ...

Lawyers. Whether a lawyer is a current member is ``members``' answer, and accounts may not
import members (members depends on accounts). So members registers a hook in
``MembersConfig.ready()`` with :func:`current_member_hook_register`, and this module asks
it at the moment of the check. We chose a hook over a denormalised flag on ``User``
(``is_current_member`` kept by members' services) because:

* a flag is a second copy of ``Lawyer.status`` that every writer of the status (admin,
  the xlsx import, services, a data migration, a bulk ``update()``) must keep in step; one
  missed path and a revoked lawyer keeps reading members-only content. The hook reads the
  source of truth, so suspension or revocation takes effect on the very next request;
* a flag would be a column on ``accounts.User``, i.e. an accounts migration for a fact
  that belongs to members;
* the cost is one indexed query (``Lawyer.user_id`` is unique) per user per request: the
  answer is cached on the user object, which lives for one request.

Staff. Being staff is not being a member. Only the roles in :data:`MEMBER_STAFF_ROLES`
count (see the reason there), plus superusers; and when ``settings.ADMIN_REQUIRE_MFA`` is
on, only once they have a second factor enrolled — reading members-only content as staff
is a staff power like any other (see ``apps.accounts.decorators.staff_powers``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .decorators import staff_needs_second_factor
from .roles import ROLE_GROUP_NAMES, Role

CurrentMemberHook = Callable[[Any], bool]

# Editors write and review members-only articles and chief editors publish them: they must
# read them exactly as members will (preview, attachments, the members' list of articles).
# The other roles do their work in admin, where they see what their permissions allow;
# none of them needs to read members-only content as a member would, so they do not.
MEMBER_STAFF_ROLES: frozenset[Role] = frozenset({Role.EDITOR, Role.CHIEF_EDITOR})

_CACHE_ATTR = "_accounts_is_current_member"
_hooks: dict[str, CurrentMemberHook] = {}


def current_member_hook_register(name: str, hook: CurrentMemberHook) -> None:
    """Register ``hook(user) -> bool``: True when ``user`` is a current member by the
    registering app's records. Called from an ``AppConfig.ready()``; registering the same
    name again replaces the hook (autoreload, tests)."""
    _hooks[name] = hook


def _staff_counts_as_member(user: Any) -> bool:
    if not user.is_staff or staff_needs_second_factor(user):
        return False
    if user.is_superuser:
        return True
    names = [ROLE_GROUP_NAMES[role] for role in MEMBER_STAFF_ROLES]
    return bool(user.groups.filter(name__in=names).exists())


def is_current_member(user: Any) -> bool:
    """True for an active, signed-in user who is a current member: a practising lawyer
    (answered by the registered hooks, i.e. members), a superuser, or staff in one of
    :data:`MEMBER_STAFF_ROLES`. False for anonymous and inactive users, for suspended and
    revoked lawyers, and for every other staff role.

    Cached on ``user`` for the rest of the request; call :func:`is_current_member_forget`
    after changing what it depends on within one request (tests, services).
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return bool(cached)
    answer = _staff_counts_as_member(user) or any(hook(user) for hook in _hooks.values())
    setattr(user, _CACHE_ATTR, answer)
    return answer


def is_current_member_forget(user: Any) -> None:
    """Drop the cached answer on ``user`` (its status or roles changed mid-request)."""
    if user is not None and hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)

"""Decorators for views that exercise staff powers outside /admin/.

``@staff_powers`` marks a view as one where staff see or do more than a member would
(a firm roster with contacts, an unpublished article's preview, a private download).
:class:`apps.accounts.middleware.StaffSecondFactorMiddleware` then holds staff without
an enrolled second factor out of it, exactly as it does for /admin/. Members and
anonymous visitors are unaffected by the mark: the view's own permission checks apply.

Every later app marks its staff-facing views the same way; ``docs/architecture.md``
lists it in the "Adding an app" checklist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

V = TypeVar("V", bound=Callable[..., object])

STAFF_POWERS_ATTR = "staff_powers"


def staff_powers(view: V) -> V:
    """Mark ``view`` (function or ``as_view()`` result) as needing staff's second factor."""
    setattr(view, STAFF_POWERS_ATTR, True)
    return view

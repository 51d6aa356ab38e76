"""Who may do what in the CLE academy: every rule written once, here.

* **Member services** manage courses (``learning.change_course``) and credit hours by
  hand (``learning.add_creditentry``, always with a reason — 补登).
* **Member services and reports** see the compliance list (``learning.view_creditentry``).
* **A lawyer** (a portal account linked to a practising or suspended lawyer record) sees
  the published catalogue, enrols, completes, checks in and downloads their own
  certificate; nobody else's enrolments or hours, whoever asks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from apps.accounts.models import User

    AnyUser = User | AnonymousUser

MANAGE_COURSES_PERMISSION = "learning.change_course"
CREDIT_PERMISSION = "learning.add_creditentry"
COMPLIANCE_PERMISSION = "learning.view_creditentry"


def _active(user: AnyUser | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_credit_hours(user: AnyUser | None) -> bool:
    return _active(user) and user.has_perm(CREDIT_PERMISSION)  # type: ignore[union-attr]


def can_view_compliance(user: AnyUser | None) -> bool:
    return _active(user) and user.has_perm(COMPLIANCE_PERMISSION)  # type: ignore[union-attr]

"""Who may do what in rights and relief (written once; services and selectors ask here).

* A lawyer (a practising member with an account) reports obstruction and applies for
  relief, and reads only their own reports and applications.
* A firm administrator endorses (or declines) the relief applications of their firm's
  lawyers, and reads those applications.
* Member services (``rights.handle_rightsreport``) acknowledge, act on and close reports;
  (``rights.decide_reliefapplication``) decide relief. Both read everything in admin.
"""

from __future__ import annotations

from typing import Any

from apps.members.permissions import can_manage_firm

HANDLE_REPORT = "rights.handle_rightsreport"
DECIDE_RELIEF = "rights.decide_reliefapplication"


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_handle_reports(user: Any) -> bool:
    return _active(user) and user.has_perm(HANDLE_REPORT)


def can_decide_relief(user: Any) -> bool:
    return _active(user) and user.has_perm(DECIDE_RELIEF)


def can_endorse_for_firm(user: Any, firm_id: int) -> bool:
    return _active(user) and can_manage_firm(user, firm_id)

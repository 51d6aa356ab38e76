"""Member portal views: ``portal`` (home), ``firms`` (firm pages), ``roster`` (requests)."""

from .dues import dues_receipt, dues_statement, dues_statement_by_link
from .firms import firm_detail, firm_dues, firm_roster
from .portal import portal_home
from .profile import profile_edit
from .roster import (
    firm_roster_change_cancel,
    firm_roster_changes,
    firm_roster_join,
    firm_roster_leave,
)

__all__ = [
    "dues_receipt",
    "dues_statement",
    "dues_statement_by_link",
    "firm_detail",
    "firm_dues",
    "firm_roster",
    "firm_roster_change_cancel",
    "firm_roster_changes",
    "firm_roster_join",
    "firm_roster_leave",
    "portal_home",
    "profile_edit",
]

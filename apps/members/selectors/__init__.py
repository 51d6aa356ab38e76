"""Reads for members: the portal's scoped views and public figures.

Visibility rules (personas as in the tests) are written once in
``apps.members.permissions``:

* a lawyer sees their own record, contact details and dues;
* a firm administrator — a *practising* lawyer of the firm appointed by staff — also sees
  and edits the firm's contact record, sees the roster with colleagues' contact details,
  and the firm's dues;
* member-services staff (permission ``members.view_lawyer_contact``) may read every firm's
  portal pages and contact details, but change records in admin, not in the portal;
* a colleague (same firm, not an administrator) or an outsider gets 403 on firm pages;
  a firm that does not exist is 404.

Split by sub-domain: ``figures`` (public counts), ``lawyers`` (a lawyer's own portal),
``firms`` (firm pages), ``roster`` (roster changes). Import from here.
"""

from __future__ import annotations

from apps.accounts.models import User

from ..models import LawFirm, Lawyer
from ..permissions import CONTACT_PERMISSION, can_manage_firm, can_view_lawyer_contact
from .dues import (
    DuesStatement,
    FeeYearDues,
    dues_invoice_for_link,
    dues_invoice_get_for_user,
    dues_payment_get_for_user,
    firm_dues_statement,
    lawyer_dues_statement_for_user,
    lawyer_fee_year_dues,
)
from .figures import (
    MEMBER_COUNTS_CACHE_KEY,
    MEMBER_COUNTS_TTL,
    member_counts,
    member_counts_invalidate,
)
from .firms import (
    FirmDuesSummary,
    firm_dues_for_user,
    firm_get_for_user,
    firm_roster_list_for_user,
    firms_administered_by,
)
from .lawyers import (
    administered_firm_ids,
    dues_status,
    lawyer_dues_list_for_user,
    lawyer_for_portal_home,
    lawyer_for_user,
    portal_administered_firms,
    portal_practice_areas,
    years_in_practice,
)
from .roster import (
    roster_change_get_for_user,
    roster_change_list_for_user,
    roster_lawyer_get_for_user,
)


# Keyword-argument spellings kept for callers written before apps.members.permissions.
def user_administers_firm(*, user: User, firm: LawFirm | int) -> bool:
    return can_manage_firm(user, firm)


def lawyer_contact_visible(*, viewer: User, lawyer: Lawyer) -> bool:
    return can_view_lawyer_contact(viewer, lawyer)


__all__ = [
    "CONTACT_PERMISSION",
    "MEMBER_COUNTS_CACHE_KEY",
    "MEMBER_COUNTS_TTL",
    "DuesStatement",
    "FeeYearDues",
    "FirmDuesSummary",
    "administered_firm_ids",
    "dues_invoice_for_link",
    "dues_invoice_get_for_user",
    "dues_payment_get_for_user",
    "dues_status",
    "firm_dues_for_user",
    "firm_dues_statement",
    "firm_get_for_user",
    "firm_roster_list_for_user",
    "firms_administered_by",
    "lawyer_contact_visible",
    "lawyer_dues_list_for_user",
    "lawyer_dues_statement_for_user",
    "lawyer_fee_year_dues",
    "lawyer_for_portal_home",
    "lawyer_for_user",
    "member_counts",
    "member_counts_invalidate",
    "portal_administered_firms",
    "portal_practice_areas",
    "roster_change_get_for_user",
    "roster_change_list_for_user",
    "roster_lawyer_get_for_user",
    "user_administers_firm",
    "years_in_practice",
]

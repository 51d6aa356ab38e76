"""Who may do what with members' data: every rule written once, here.

Models, services, selectors, views, templates and admin ask these predicates instead of
spelling out ``has_perm`` strings or administrator queries themselves.

* **Member services** (``members.view_lawyer_contact``) see every lawyer's contact
  details and ID number and read every firm's portal pages; they change records in
  admin, not in the portal.
* **A firm administrator** is a *practising* lawyer of the firm appointed by staff; the
  right lapses by itself when the lawyer leaves the firm or stops practising
  (``FirmAdministrator.objects.live()``). Administrators read and change the firm's
  contact record, see its roster with contacts and its dues, and request roster changes.
* **A lawyer** sees their own record, contacts and dues.
* Admin actions' powers: deciding roster changes and unlinking a portal account need
  ``members.change_lawyer``; marking dues paid needs ``members.change_duesinvoice``. The
  services check these against the acting user, so a command or task that calls them
  holds the same line as the admin button.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from django.utils import timezone

from .models import FirmAdministrator, LawFirm, Lawyer, LawyerStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from apps.accounts.models import User

    AnyUser = User | AnonymousUser

CONTACT_PERMISSION = "members.view_lawyer_contact"
CHANGE_LAWYER_PERMISSION = "members.change_lawyer"
CHANGE_DUES_PERMISSION = "members.change_duesinvoice"


def _active(user: AnyUser | None) -> TypeGuard[User]:
    """A signed-in, active account (what every rule below starts from)."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_view_contacts(user: AnyUser | None) -> bool:
    """Member-services staff: every lawyer's e-mail, mobile and ID number; every firm page."""
    return _active(user) and user.has_perm(CONTACT_PERMISSION)


def can_manage_firm(user: AnyUser | None, firm: LawFirm | int) -> bool:
    """Does ``user`` administer ``firm`` today (appointed, practising, still there)?"""
    if not _active(user):
        return False
    firm_id = firm.pk if isinstance(firm, LawFirm) else firm
    return FirmAdministrator.objects.live().filter(lawyer__user=user, firm_id=firm_id).exists()


def can_view_firm(user: AnyUser | None, firm: LawFirm | int) -> bool:
    """The firm's portal pages (record, roster with contacts, dues, roster changes)."""
    return can_manage_firm(user, firm) or can_view_contacts(user)


def can_view_lawyer_contact(user: AnyUser | None, lawyer: Lawyer) -> bool:
    """The lawyer's e-mail and mobile: the lawyer, their firm's administrators, member services."""
    if not _active(user):
        return False
    if lawyer.user_id is not None and lawyer.user_id == user.pk:
        return True
    if can_view_contacts(user):
        return True
    return lawyer.firm_id is not None and can_manage_firm(user, lawyer.firm_id)


def can_decide_roster_changes(user: AnyUser | None) -> bool:
    """Approve or reject what firm administrators request: it moves a lawyer between firms."""
    return _active(user) and user.has_perm(CHANGE_LAWYER_PERMISSION)


def can_unlink_account(user: AnyUser | None) -> bool:
    """Detach a lawyer's portal account: a change to the lawyer's record."""
    return _active(user) and user.has_perm(CHANGE_LAWYER_PERMISSION)


def can_mark_dues_paid(user: AnyUser | None) -> bool:
    return _active(user) and user.has_perm(CHANGE_DUES_PERMISSION)


def is_practising_member(user: AnyUser | None) -> bool:
    """Is ``user`` a lawyer who is a current member: their record says *practising*?

    Registered with ``apps.accounts.permissions`` (MembersConfig.ready) as members' answer
    to ``is_current_member``, the one check for members-only content. Suspended and revoked
    lawyers keep their portal account (their own record, dues) but are not current members
    from the moment staff change the status. Membership in the bar association follows
    from practising in Shanghai (Lawyers Law art. 45: every lawyer joins the local bar), so
    the status is the test; Membership rows carry the member number and dues. A
    disciplinary decision (``services.discipline``) can also suspend the member's rights
    for a period or end the membership: then they are not a current member either.
    """
    if not _active(user):
        return False
    today = timezone.localdate()
    return (
        Lawyer.objects.filter(user=user, status=LawyerStatus.PRACTISING)
        .exclude(membership__ended_on__lte=today)
        .exclude(
            membership__rights_suspended_from__lte=today,
            membership__rights_suspended_until__gte=today,
        )
        .exists()
    )


ISSUE_DUES_PERMISSION = "members.add_duesinvoice"
RECORD_PAYMENT_PERMISSION = "members.add_duespayment"


def can_issue_dues(user: AnyUser | None) -> bool:
    """Run a fee year's issue: member-services staff who may add invoices."""
    return _active(user) and user.has_perm(ISSUE_DUES_PERMISSION)


def can_record_dues_payment(user: AnyUser | None) -> bool:
    """Record a payment against an invoice (finance / member services)."""
    return _active(user) and user.has_perm(RECORD_PAYMENT_PERMISSION)


def can_view_all_dues(user: AnyUser | None) -> bool:
    """Staff who read every invoice and receipt (admin view permission)."""
    return _active(user) and user.has_perm("members.view_duesinvoice")

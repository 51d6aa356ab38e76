"""Writes for members, split by sub-domain (import from here, not from the modules).

* ``accounts`` — a lawyer's portal account: activation, unlinking;
* ``firms`` — the firm's contact record and its administrators;
* ``dues`` — memberships, the fee year's issue run, payments, reminders (``dues_rules``:
  the pure amount rules);
* ``discipline`` — what a disciplinary decision (complaints) does to a membership;
* ``roster`` — roster changes: firm administrators request, member services decide;
* ``profile`` — a lawyer's own contacts, languages and practice areas.

Who may call what is decided in ``apps.members.permissions``; services that staff call
take the acting user (``actor``/``decided_by``) and check it there.
"""

from .accounts import (
    ActivationStart,
    lawyer_account_link,
    lawyer_account_unlink,
    lawyer_activation_complete,
    lawyer_activation_notice,
    lawyer_activation_start,
)
from .discipline import membership_sanction_apply
from .dues import (
    IssueResult,
    default_due_date,
    dues_invoice_issue,
    dues_invoice_mark_paid,
    dues_invoice_number,
    dues_invoice_paid_total,
    dues_issue_run_execute,
    dues_issue_run_start,
    dues_payment_record,
    dues_reminders_send,
    dues_scale_get,
    dues_statement_link_check,
    dues_statement_link_create,
    dues_statement_link_use,
    dues_year_issue,
    membership_create,
    membership_end,
    membership_number,
)
from .firms import (
    FIRM_CONTACT_FIELDS,
    firm_administrator_appoint,
    firm_administrator_remove,
    firm_contact_update,
)
from .profile import LAWYER_PROFILE_FIELDS, lawyer_profile_update
from .roster import (
    NOTIFICATION_KEY as ROSTER_NOTIFICATION_KEY,
)
from .roster import (
    roster_change_approve,
    roster_change_cancel,
    roster_change_reject,
    roster_change_request,
    roster_join_candidate,
)

__all__ = [
    "FIRM_CONTACT_FIELDS",
    "LAWYER_PROFILE_FIELDS",
    "ROSTER_NOTIFICATION_KEY",
    "ActivationStart",
    "IssueResult",
    "default_due_date",
    "dues_invoice_issue",
    "dues_invoice_mark_paid",
    "dues_invoice_number",
    "dues_invoice_paid_total",
    "dues_issue_run_execute",
    "dues_issue_run_start",
    "dues_payment_record",
    "dues_reminders_send",
    "dues_scale_get",
    "dues_statement_link_check",
    "dues_statement_link_create",
    "dues_statement_link_use",
    "dues_year_issue",
    "firm_administrator_appoint",
    "firm_administrator_remove",
    "firm_contact_update",
    "lawyer_account_link",
    "lawyer_account_unlink",
    "lawyer_activation_complete",
    "lawyer_activation_notice",
    "lawyer_activation_start",
    "lawyer_profile_update",
    "membership_create",
    "membership_end",
    "membership_number",
    "membership_sanction_apply",
    "roster_change_approve",
    "roster_change_cancel",
    "roster_change_reject",
    "roster_change_request",
    "roster_join_candidate",
]

"""Members: law firms, lawyers, memberships and dues (split by sub-domain)."""

from .dues import (
    DuesIssueRun,
    DuesPayment,
    DuesReminder,
    DuesScale,
    DuesStatementLink,
    PayerKind,
    PaymentMethod,
    ReminderKind,
    RunStatus,
)
from .firms import FirmAdministrator, FirmBranch, FirmStatus, FirmType, LawFirm, LawFirmQuerySet
from .lawyers import (
    CATEGORY_LICENCE_DIGIT,
    GENDER_LICENCE_DIGIT,
    Gender,
    Language,
    Lawyer,
    LawyerCategory,
    LawyerQuerySet,
    LawyerStatus,
)
from .membership import DuesInvoice, DuesInvoiceQuerySet, Membership
from .records import AnnualReview, AnnualReviewQuerySet, Honour, ReviewResult
from .reference import District, PracticeArea
from .roster import RosterChange, RosterChangeKind, RosterChangeStatus

__all__ = [
    "CATEGORY_LICENCE_DIGIT",
    "GENDER_LICENCE_DIGIT",
    "AnnualReview",
    "AnnualReviewQuerySet",
    "District",
    "DuesInvoice",
    "DuesInvoiceQuerySet",
    "DuesIssueRun",
    "DuesPayment",
    "DuesReminder",
    "DuesScale",
    "DuesStatementLink",
    "FirmAdministrator",
    "FirmBranch",
    "FirmStatus",
    "FirmType",
    "Gender",
    "Honour",
    "Language",
    "LawFirm",
    "LawFirmQuerySet",
    "Lawyer",
    "LawyerCategory",
    "LawyerQuerySet",
    "LawyerStatus",
    "Membership",
    "PayerKind",
    "PaymentMethod",
    "PracticeArea",
    "ReminderKind",
    "ReviewResult",
    "RosterChange",
    "RosterChangeKind",
    "RosterChangeStatus",
    "RunStatus",
]

"""Members: law firms, lawyers, memberships and dues (split by sub-domain)."""

from .dues import (
    DuesIssueRun,
    DuesPayment,
    DuesReminder,
    DuesScale,
    PayerKind,
    PaymentMethod,
    ReminderKind,
    RunStatus,
)
from .firms import FirmAdministrator, FirmStatus, FirmType, LawFirm, LawFirmQuerySet
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
from .reference import District, PracticeArea
from .roster import RosterChange, RosterChangeKind, RosterChangeStatus

__all__ = [
    "CATEGORY_LICENCE_DIGIT",
    "GENDER_LICENCE_DIGIT",
    "District",
    "DuesInvoice",
    "DuesInvoiceQuerySet",
    "DuesIssueRun",
    "DuesPayment",
    "DuesReminder",
    "DuesScale",
    "FirmAdministrator",
    "FirmStatus",
    "FirmType",
    "Gender",
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
    "RosterChange",
    "RosterChangeKind",
    "RosterChangeStatus",
    "RunStatus",
]

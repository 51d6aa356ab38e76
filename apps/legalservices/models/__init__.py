"""Public legal services (split by sub-domain)."""

from .guides import GuideStatus, OverseasGuideRun
from .help import (
    ConsultationRequest,
    ConsultationStatus,
    ConsultationTopic,
    ContactMethod,
    EventKind,
    EventSlot,
    EventVolunteer,
    ProBonoEvent,
    SlotBooking,
)
from .overseas import OverseasOffice
from .probono import (
    RECOMMENDED_HOURS,
    RECOMMENDED_LEGAL_AID_CASES,
    ProBonoKind,
    ProBonoRecord,
    RecordStatus,
)
from .programmes import (
    AgreementKind,
    AlertKind,
    BusinessFeedback,
    FeedbackStatus,
    FeedbackTheme,
    ImpersonationAlert,
    MediationRequest,
    MediationStatus,
    Mediator,
    PartnerAgreement,
    Programme,
    ProgrammeEdition,
)
from .search import FirmSearchEntry, LawyerSearchEntry

__all__ = [
    "RECOMMENDED_HOURS",
    "RECOMMENDED_LEGAL_AID_CASES",
    "AgreementKind",
    "AlertKind",
    "BusinessFeedback",
    "ConsultationRequest",
    "ConsultationStatus",
    "ConsultationTopic",
    "ContactMethod",
    "EventKind",
    "EventSlot",
    "EventVolunteer",
    "FeedbackStatus",
    "FeedbackTheme",
    "FirmSearchEntry",
    "GuideStatus",
    "ImpersonationAlert",
    "LawyerSearchEntry",
    "MediationRequest",
    "MediationStatus",
    "Mediator",
    "OverseasGuideRun",
    "OverseasOffice",
    "PartnerAgreement",
    "ProBonoEvent",
    "ProBonoKind",
    "ProBonoRecord",
    "Programme",
    "ProgrammeEdition",
    "RecordStatus",
    "SlotBooking",
]

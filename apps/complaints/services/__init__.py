"""Writes for complaints. Views, admin, tasks and commands all call these."""

from .intake import Submitted, complaint_submit, complaint_supplement, triage_suggest
from .privacy import access_log, complaints_purge_expired
from .workflow import (
    complaint_accept,
    complaint_close,
    complaint_decide,
    complaint_defence_submit,
    complaint_not_accept,
    complaint_notify_respondent,
    complaint_reopen_for_review,
    complaint_request_material,
    complaint_schedule_hearing,
    complaint_start_investigation,
    complaint_triage,
)

__all__ = [
    "Submitted",
    "access_log",
    "complaint_accept",
    "complaint_close",
    "complaint_decide",
    "complaint_defence_submit",
    "complaint_not_accept",
    "complaint_notify_respondent",
    "complaint_reopen_for_review",
    "complaint_request_material",
    "complaint_schedule_hearing",
    "complaint_start_investigation",
    "complaint_submit",
    "complaint_supplement",
    "complaint_triage",
    "complaints_purge_expired",
    "triage_suggest",
]

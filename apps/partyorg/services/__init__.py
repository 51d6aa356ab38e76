"""Writes for the party-organization registry (split by sub-domain)."""

from .access import roster_access_log
from .members import (
    activity_record,
    dues_record,
    member_make_full,
    member_register,
    member_register_check,
    member_transfer,
    member_transfer_check,
    probation_extend,
    training_attendance_record,
)
from .organizations import (
    election_record,
    firm_full_members,
    liaison_appoint,
    member_in_organization,
    organization_check,
    organization_close,
    organization_create,
    organization_full_members,
    organization_move,
    organization_update,
    position_appoint,
    position_end,
)

__all__ = [
    "activity_record",
    "dues_record",
    "election_record",
    "firm_full_members",
    "liaison_appoint",
    "member_in_organization",
    "member_make_full",
    "member_register",
    "member_register_check",
    "member_transfer",
    "member_transfer_check",
    "organization_check",
    "organization_close",
    "organization_create",
    "organization_full_members",
    "organization_move",
    "organization_update",
    "position_appoint",
    "position_end",
    "probation_extend",
    "roster_access_log",
    "training_attendance_record",
]

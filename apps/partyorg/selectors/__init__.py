"""Reads for the party-organization registry: statistics (public) and registry (staff)."""

from .registry import (
    ComplianceRow,
    activity_compliance,
    current_roster,
    organization_member_counts,
    roster_on,
)
from .statistics import (
    DEFINITIONS,
    PartyStatistics,
    Rate,
    featured_cases_public,
    organization_honours_public,
    party_statistics,
    party_statistics_compute,
    party_statistics_invalidate,
)

__all__ = [
    "DEFINITIONS",
    "ComplianceRow",
    "PartyStatistics",
    "Rate",
    "activity_compliance",
    "current_roster",
    "featured_cases_public",
    "organization_honours_public",
    "organization_member_counts",
    "party_statistics",
    "party_statistics_compute",
    "party_statistics_invalidate",
    "roster_on",
]

"""Reads for staff pages: rosters (also on a past date), compliance with the expected
activity frequency, arrears. Everything here is for party-affairs staff only — callers
check permissions.can_manage / can_export first; nothing here is public."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q, QuerySet

from ..models import (
    EXPECTED_PER_YEAR,
    Activity,
    ActivityKind,
    Affiliation,
    PartyMember,
    PartyOrganization,
)


def roster_on(
    org: PartyOrganization, on: dt.date, *, include_descendants: bool = False
) -> QuerySet[PartyMember]:
    """Members of `org` on the day `on`, reconstructed from the dated affiliations.

    A member belongs on `on` when they entered on or before it and had not left by then
    (an affiliation ending on `on` means they left that day).
    """
    if include_descendants:
        orgs = Q(
            affiliations__organization__tree_id=org.tree_id,
            affiliations__organization__lft__gte=org.lft,
            affiliations__organization__rght__lte=org.rght,
        )
    else:
        orgs = Q(affiliations__organization=org)
    return (
        PartyMember.objects.filter(
            orgs,
            Q(affiliations__ended_on__isnull=True) | Q(affiliations__ended_on__gt=on),
            affiliations__started_on__lte=on,
        )
        .select_related("lawyer", "lawyer__firm", "staff_firm")
        .distinct()
        .order_by("name", "pk")
    )


def current_roster(org: PartyOrganization) -> QuerySet[PartyMember]:
    return (
        PartyMember.objects.filter(
            affiliations__organization=org, affiliations__ended_on__isnull=True
        )
        .select_related("lawyer", "lawyer__firm", "staff_firm")
        .order_by("name", "pk")
    )


def organization_member_counts(org_ids: Sequence[int]) -> dict[int, int]:
    """{org id: current direct members} for a page of organizations (one query)."""
    return dict(
        Affiliation.objects.filter(organization_id__in=org_ids, ended_on__isnull=True)
        .values("organization_id")
        .annotate(n=Count("pk"))
        .values_list("organization_id", "n")
    )


@dataclass(frozen=True)
class ComplianceRow:
    kind: str
    label: str
    expected: int
    held: int

    @property
    def ok(self) -> bool:
        return self.held >= self.expected


def activity_compliance(org: PartyOrganization, *, today: dt.date) -> list[ComplianceRow]:
    """Activities held in the twelve months up to `today` against the expected number.

    Committee meetings are expected only where there is a committee (7+ full members);
    group meetings only where the organization has party groups.
    """
    since = today - relativedelta(years=1)
    held = dict(
        Activity.objects.filter(organization=org, held_on__gt=since, held_on__lte=today)
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    from ..services.organizations import organization_full_members
    from ..services.rules import COMMITTEE_THRESHOLD

    has_committee = organization_full_members(org) >= COMMITTEE_THRESHOLD
    has_groups = org.get_children().filter(kind="group").exists()
    rows = []
    for kind in ActivityKind:
        if kind == ActivityKind.COMMITTEE_MEETING and not has_committee:
            continue
        if kind == ActivityKind.GROUP_MEETING and not has_groups:
            continue
        rows.append(
            ComplianceRow(
                kind=kind.value,
                label=str(kind.label),
                expected=EXPECTED_PER_YEAR[kind],
                held=held.get(kind.value, 0),
            )
        )
    return rows

"""The member's own party record, for their own-data download (`apps.core.personal_data`):
membership stages, the organization they belong to, positions, honours and party dues.
Political affiliation is sensitive personal data (PIPL art. 28): it goes only to the
member themselves, through the re-authenticated download."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from apps.core.personal_data import personal_data_register, record, records

from .models import Affiliation, CommitteePosition, DuesPayment, Honor, PartyMember

MEMBER_FIELDS = [
    "name",
    "category",
    "joined_party_on",
    "probation_due",
    "probation_extended",
    "full_member_on",
    "monthly_income",
]


def personal_data_export(user: Any) -> dict[str, Any] | None:
    member = (
        PartyMember.objects.filter(lawyer__user=user)
        .prefetch_related(
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.select_related("organization").order_by("started_on"),
            ),
            Prefetch(
                "positions",
                queryset=CommitteePosition.objects.select_related("organization").order_by(
                    "started_on"
                ),
            ),
            Prefetch("honours", queryset=Honor.objects.order_by("year")),
            Prefetch("dues", queryset=DuesPayment.objects.order_by("month")),
        )
        .first()
    )
    if member is None:
        return None
    return {
        "member": record(member, MEMBER_FIELDS),
        "affiliations": records(
            member.affiliations.all(), ["organization", "started_on", "ended_on"]
        ),
        "positions": records(
            member.positions.all(), ["organization", "role", "started_on", "ended_on"]
        ),
        "honours": records(member.honours.all(), ["level", "kind", "title", "year", "awarded_by"]),
        "dues": records(member.dues.all(), ["month", "amount", "paid_on"]),
    }


def register() -> None:
    personal_data_register("partyorg", label=_("党员信息"), exporter=personal_data_export, order=75)

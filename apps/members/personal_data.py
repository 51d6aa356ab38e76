"""The lawyer record's part of a member's own-data download (`apps.core.personal_data`):
the record itself (contacts and ID number included: they are the member's own), the
membership (with any disciplinary suspension), annual review results and honours,
dues invoices with their payments, firms the member administers and their
roster requests."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from apps.core.personal_data import personal_data_register, record, records

from .models import (
    AnnualReview,
    DuesInvoice,
    DuesPayment,
    FirmAdministrator,
    Honour,
    Lawyer,
    RosterChange,
)

LAWYER_FIELDS = [
    "name",
    "gender",
    "licence_no",
    "category",
    "firm",
    "status",
    "first_licensed",
    "languages",
    "email",
    "mobile",
    "id_number",
    "created_at",
    "updated_at",
]


def personal_data_export(user: Any) -> dict[str, Any] | None:
    lawyer = (
        Lawyer.objects.select_related("firm", "membership")
        .prefetch_related("practice_areas")
        .filter(user=user)
        .first()
    )
    if lawyer is None:
        return None
    membership = getattr(lawyer, "membership", None)
    invoices = (
        DuesInvoice.objects.filter(lawyer=lawyer)
        .select_related("firm")
        .prefetch_related(Prefetch("payments", queryset=DuesPayment.objects.order_by("paid_on")))
        .order_by("-year", "-id")
    )
    return {
        "lawyer": {
            **record(lawyer, LAWYER_FIELDS),
            "practice_areas": [str(area) for area in lawyer.practice_areas.all()],
        },
        "membership": (
            record(
                membership,
                [
                    "number",
                    "member_since",
                    "ended_on",
                    "rights_suspended_from",
                    "rights_suspended_until",
                ],
            )
            if membership
            else None
        ),
        # Graded results and deferrals; the reviewers' internal note stays with staff.
        "annual_reviews": records(
            AnnualReview.objects.filter(lawyer=lawyer).order_by("-year"),
            ["year", "result", "decided_on"],
        ),
        "honours": records(
            Honour.objects.filter(lawyer=lawyer).order_by("-year", "title"),
            ["title", "title_en", "awarded_by", "year", "awarded_on", "is_public"],
        ),
        "dues_invoices": [
            {
                **record(invoice, ["number", "year", "amount", "issued_on", "due_date"]),
                **record(invoice, ["paid_at", "basis", "firm"]),
                "payments": records(
                    invoice.payments.all(), ["number", "amount", "method", "reference", "paid_on"]
                ),
            }
            for invoice in invoices
        ],
        "firms_administered": records(
            FirmAdministrator.objects.filter(lawyer=lawyer).select_related("firm"),
            ["firm", "appointed_at"],
        ),
        "roster_requests": records(
            RosterChange.objects.filter(lawyer=lawyer)
            .select_related("firm")
            .order_by("-created_at"),
            ["firm", "kind", "status", "reason", "created_at", "decided_at", "decision_note"],
        ),
    }


def register() -> None:
    personal_data_register(
        "members", label=_("律师档案与会籍"), exporter=personal_data_export, order=20
    )

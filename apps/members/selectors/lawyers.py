"""A lawyer's own portal: their record, their dues."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from apps.accounts.models import User

from ..models import DuesInvoice, Lawyer, PracticeArea


def lawyer_for_user(*, user: User) -> Lawyer | None:
    """The signed-in user's own lawyer record, with what the portal home shows."""
    if not user.is_authenticated:
        return None
    return (
        Lawyer.objects.select_related("firm", "firm__district", "membership")
        .prefetch_related(
            Prefetch("practice_areas", queryset=PracticeArea.objects.order_by("order"))
        )
        .filter(user=user)
        .first()
    )


def lawyer_dues_list_for_user(*, user: User) -> QuerySet[DuesInvoice]:
    return DuesInvoice.objects.filter(lawyer__user=user, lawyer__user__isnull=False).order_by(
        "-year"
    )


def dues_status(*, invoices: list[DuesInvoice], year: int | None = None) -> str:
    """'paid', 'unpaid', 'overdue' or 'none' for the given (default: current) fee year."""
    from ..services.dues_rules import fee_year_of

    year = year or fee_year_of(timezone.localdate())
    invoice = next((i for i in invoices if i.year == year), None)
    if invoice is None:
        return "none"
    if invoice.paid_at is not None:
        return "paid"
    return "overdue" if invoice.due_date < timezone.localdate() else "unpaid"


def years_in_practice(*, lawyer: Lawyer, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    first = lawyer.first_licensed
    return today.year - first.year - ((today.month, today.day) < (first.month, first.day))

"""Firm portal pages: the record, the roster with contacts, the dues.

``firm_get_for_user`` answers 404 for a firm that does not exist and 403 for one the
user may not see (``permissions.can_view_firm``) or, with ``for_change``, not change
(``permissions.can_manage_firm``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.accounts.models import User

from ..models import DuesInvoice, FirmAdministrator, LawFirm, Lawyer, LawyerStatus, PracticeArea
from ..permissions import can_manage_firm, can_view_contacts


def firms_administered_by(*, user: User) -> QuerySet[LawFirm]:
    """Firms the user administers: appointed, still in that firm, and practising."""
    if not user.is_authenticated:
        return LawFirm.objects.none()
    return LawFirm.objects.filter(
        pk__in=FirmAdministrator.objects.live().filter(lawyer__user=user).values("firm_id")
    ).order_by("name")


def firm_get_for_user(*, user: User, pk: int, for_change: bool = False) -> LawFirm:
    """The firm for its portal pages; 404 if there is none, 403 unless theirs to see.

    Administrators may read and change; member-services staff may read only.
    """
    firm = LawFirm.objects.select_related("district", "membership").filter(pk=pk).first()
    if firm is None:
        raise Http404
    if can_manage_firm(user, firm):
        return firm
    if not for_change and can_view_contacts(user):
        return firm
    raise PermissionDenied


def firm_roster_list_for_user(
    *, user: User, firm_pk: int, status: str = "", query: str = ""
) -> QuerySet[Lawyer]:
    """The firm's lawyers, practising first, with their practice areas and dues flags."""
    firm = firm_get_for_user(user=user, pk=firm_pk)
    from ..services.dues_rules import fee_year_of

    year = fee_year_of(timezone.localdate())
    lawyers = (
        Lawyer.objects.of_firm(firm)
        .prefetch_related(
            Prefetch("practice_areas", queryset=PracticeArea.objects.order_by("order"))
        )
        .annotate(
            dues_paid_this_year=Count(
                "dues_invoices",
                filter=Q(dues_invoices__year=year, dues_invoices__paid_at__isnull=False),
            )
        )
    )
    if status in LawyerStatus.values:
        lawyers = lawyers.filter(status=status)
    query = (query or "").strip()
    if query:
        lawyers = lawyers.filter(Q(name__contains=query) | Q(licence_no__startswith=query))
    return lawyers.order_by("status", "name", "licence_no")


@dataclass(frozen=True)
class FirmDuesSummary:
    year: int
    firm_invoices: list[DuesInvoice]
    lawyers_total: int
    lawyers_paid: int
    lawyers_unpaid: list[Lawyer]

    @property
    def lawyers_unpaid_count(self) -> int:
        return self.lawyers_total - self.lawyers_paid


def firm_dues_for_user(
    *, user: User, firm_pk: int, year: int | None = None, unpaid_limit: int = 200
) -> FirmDuesSummary:
    """The firm's own dues (all years) and how its lawyers stand for `year`."""
    firm = firm_get_for_user(user=user, pk=firm_pk)
    from ..services.dues_rules import fee_year_of
    from .dues import firm_dues_statement

    year = year or fee_year_of(timezone.localdate())
    lawyer_invoices = DuesInvoice.objects.filter(year=year, lawyer__firm=firm)
    totals = lawyer_invoices.aggregate(
        total=Count("pk"), paid=Count("pk", filter=Q(paid_at__isnull=False))
    )
    unpaid = list(
        Lawyer.objects.filter(
            pk__in=lawyer_invoices.filter(paid_at__isnull=True).values("lawyer_id")
        ).order_by("name")[:unpaid_limit]
    )
    return FirmDuesSummary(
        year=year,
        firm_invoices=firm_dues_statement(firm_id=firm.pk).invoices,
        lawyers_total=totals["total"],
        lawyers_paid=totals["paid"],
        lawyers_unpaid=unpaid,
    )

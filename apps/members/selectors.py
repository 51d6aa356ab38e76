"""Reads for members: the portal's scoped views, PII visibility, and public figures.

Visibility rules (personas as in the tests):

* a lawyer sees their own record, contact details and dues;
* a firm administrator — a *practising* lawyer of the firm appointed by staff — also sees
  and edits the firm's contact record, sees the roster with colleagues' contact details,
  and the firm's dues;
* member-services staff (permission `members.view_lawyer_contact`) may read every firm's
  portal pages and contact details, but change records in admin, not in the portal;
* a colleague (same firm, not an administrator) or an outsider gets 403 on firm pages;
  a firm that does not exist is 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.accounts.models import User

from .models import (
    DuesInvoice,
    FirmAdministrator,
    LawFirm,
    Lawyer,
    LawyerStatus,
    PracticeArea,
)

MEMBER_COUNTS_CACHE_KEY = "members:counts:v1"
# Short enough that a count is never stale for long even if an invalidation is missed
# (bulk writes bypass the signals that delete the key).
MEMBER_COUNTS_TTL = 10 * 60

CONTACT_PERMISSION = "members.view_lawyer_contact"


# --- Public figures -------------------------------------------------------------------


def member_counts() -> dict[str, int]:
    """{'lawyers': practising individual members, 'firms': active member firms}.

    Cached; the key is deleted whenever a lawyer, firm or membership is saved or deleted
    (apps.members.signals) and expires after MEMBER_COUNTS_TTL regardless.
    """
    counts = cache.get(MEMBER_COUNTS_CACHE_KEY)
    if counts is None:
        counts = {
            "lawyers": Lawyer.objects.individual_members().count(),
            "firms": LawFirm.objects.member_firms().count(),
        }
        cache.set(MEMBER_COUNTS_CACHE_KEY, counts, MEMBER_COUNTS_TTL)
    return counts


def member_counts_invalidate() -> None:
    cache.delete(MEMBER_COUNTS_CACHE_KEY)


# --- Who is who -----------------------------------------------------------------------


def is_member_services(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(CONTACT_PERMISSION))


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


def firms_administered_by(*, user: User) -> QuerySet[LawFirm]:
    """Firms the user administers: appointed, still in that firm, and practising."""
    if not user.is_authenticated:
        return LawFirm.objects.none()
    return LawFirm.objects.filter(
        pk__in=FirmAdministrator.objects.filter(
            lawyer__user=user,
            lawyer__status=LawyerStatus.PRACTISING,
            lawyer__firm_id=F("firm_id"),  # the right lapses when the lawyer leaves
        ).values("firm_id")
    ).order_by("name")


def user_administers_firm(*, user: User, firm: LawFirm | int) -> bool:
    firm_id = firm.pk if isinstance(firm, LawFirm) else firm
    return firms_administered_by(user=user).filter(pk=firm_id).exists()


def lawyer_contact_visible(*, viewer: User, lawyer: Lawyer) -> bool:
    """May `viewer` see this lawyer's e-mail and mobile? Self, firm admins, member services."""
    if not viewer.is_authenticated:
        return False
    if lawyer.user_id is not None and lawyer.user_id == viewer.pk:
        return True
    if is_member_services(viewer):
        return True
    return lawyer.firm_id is not None and user_administers_firm(user=viewer, firm=lawyer.firm_id)


# --- Firm pages -----------------------------------------------------------------------


def firm_get_for_user(*, user: User, pk: int, for_change: bool = False) -> LawFirm:
    """The firm for its portal pages; 404 if there is none, 403 unless theirs to see.

    Administrators may read and change; member-services staff may read only.
    """
    firm = LawFirm.objects.select_related("district", "membership").filter(pk=pk).first()
    if firm is None:
        raise Http404
    if user_administers_firm(user=user, firm=firm):
        return firm
    if not for_change and is_member_services(user):
        return firm
    raise PermissionDenied


def firm_roster_list_for_user(
    *, user: User, firm_pk: int, status: str = "", query: str = ""
) -> QuerySet[Lawyer]:
    """The firm's lawyers, practising first, with their practice areas and dues flags."""
    firm = firm_get_for_user(user=user, pk=firm_pk)
    year = timezone.localdate().year
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
    year = year or timezone.localdate().year
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
        firm_invoices=list(DuesInvoice.objects.filter(firm=firm).order_by("-year")),
        lawyers_total=totals["total"],
        lawyers_paid=totals["paid"],
        lawyers_unpaid=unpaid,
    )


# --- A lawyer's own dues --------------------------------------------------------------


def lawyer_dues_list_for_user(*, user: User) -> QuerySet[DuesInvoice]:
    return DuesInvoice.objects.filter(lawyer__user=user, lawyer__user__isnull=False).order_by(
        "-year"
    )


def dues_status(*, invoices: list[DuesInvoice], year: int | None = None) -> str:
    """'paid', 'unpaid', 'overdue' or 'none' for the given (default: current) year."""
    year = year or timezone.localdate().year
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

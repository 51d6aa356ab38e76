"""A lawyer's own portal: their record, their dues."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Prefetch, QuerySet
from django.utils import timezone

from apps.accounts.models import User
from apps.core.related_rows import related_rows, rows_as_instances

from ..models import DuesInvoice, FirmAdministrator, LawFirm, Lawyer, PracticeArea

# What lawyer_for_portal_home annotates (read back by portal_practice_areas and the
# panels through administered_firm_ids).
PORTAL_AREAS_ATTR = "members_practice_areas"
PORTAL_ADMINISTERED_ATTR = "members_administered_firm_ids"


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


# The portal home's query before its user filter, kept per process with the annotations
# it was built with (apps.core.panels hands out the same dict all day): annotating it
# took ~2 ms of every portal home. A QuerySet is never changed by chaining from it.
_portal_home_base: tuple[Mapping[str, Any] | None, QuerySet[Lawyer]] | None = None


def lawyer_for_portal_home(
    *, user: User, annotations: Mapping[str, Any] | None = None
) -> Lawyer | None:
    """The user's lawyer record and everything the portal home needs about it, in one
    query: firm and membership, practice areas, the ids of the firms they administer, and
    the panels' ``annotations`` (apps.core.panels "Facts fetched with the owner's object").
    """
    global _portal_home_base
    if not user.is_authenticated:
        return None
    if _portal_home_base is None or _portal_home_base[0] is not annotations:
        _portal_home_base = (annotations, _portal_home_query(annotations))
    # A user has one lawyer record at most (a one-to-one link): no ordering to compute.
    return next(iter(_portal_home_base[1].filter(user=user)[:1]), None)


def _portal_home_query(annotations: Mapping[str, Any] | None) -> QuerySet[Lawyer]:
    return (
        Lawyer.objects.select_related("firm", "firm__district", "membership")
        .annotate(
            **{
                PORTAL_AREAS_ATTR: related_rows(
                    PracticeArea.objects.filter(lawyers=OuterRef("pk")).order_by("order"),
                    ["id", "code", "name", "name_en", "order"],
                ),
                PORTAL_ADMINISTERED_ATTR: ArraySubquery(
                    FirmAdministrator.objects.live()
                    .filter(lawyer_id=OuterRef("pk"))
                    .order_by("firm_id")
                    .values("firm_id")
                ),
            },
            **(annotations or {}),
        )
        .order_by()
    )


def portal_practice_areas(lawyer: Lawyer) -> list[PracticeArea]:
    """The practice areas, in order, of a lawyer from :func:`lawyer_for_portal_home`."""
    return rows_as_instances(PracticeArea, getattr(lawyer, PORTAL_AREAS_ATTR))


def administered_firm_ids(lawyer: Lawyer) -> list[int] | None:
    """Ids of the firms a lawyer from :func:`lawyer_for_portal_home` administers (None
    when the lawyer was loaded without them: ask ``firms_administered_by`` instead)."""
    ids = getattr(lawyer, PORTAL_ADMINISTERED_ATTR, None)
    return None if ids is None else list(ids)


def portal_administered_firms(lawyer: Lawyer) -> list[LawFirm]:
    """The firms a lawyer from :func:`lawyer_for_portal_home` administers, by name: no
    query when there are none, one the first time otherwise (kept on this instance, which
    lives for the request, so the page and its panels share it)."""
    cached: list[LawFirm] | None = getattr(lawyer, "_portal_administered_firms", None)
    if cached is None:
        ids = administered_firm_ids(lawyer)
        if ids is None:
            raise ValueError("portal_administered_firms needs lawyer_for_portal_home's lawyer")
        cached = list(LawFirm.objects.filter(pk__in=ids).order_by("name")) if ids else []
        lawyer._portal_administered_firms = cached  # type: ignore[attr-defined]
    return cached


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

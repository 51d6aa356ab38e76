"""Aggregate figures of the register for /stats/ and staff reports (counts only, no person).

Each function is one aggregate query (firm sizes: one grouped query read as a list of
per-firm counts). Added for apps.stats, which reads members only through selectors.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Case, Count, Q, Sum, Value, When
from django.utils import timezone

from ..models import DuesInvoice, LawFirm, Lawyer, LawyerStatus
from ..models.reference import District

# Years of practice bands: (key, lowest years, highest years or None).
YEARS_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-2", 0, 2),
    ("3-5", 3, 5),
    ("6-10", 6, 10),
    ("11-20", 11, 20),
    ("21+", 21, None),
)
# Firm size bands by practising lawyers: (key, lowest, highest or None).
SIZE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("1-9", 0, 9),
    ("10-29", 10, 29),
    ("30-99", 30, 99),
    ("100-299", 100, 299),
    ("300+", 300, None),
)


def lawyers_by_status() -> dict[str, int]:
    """Lawyers on the register by status (practising, suspended, revoked)."""
    counts = dict.fromkeys(LawyerStatus.values, 0)
    for status, n in Lawyer.objects.values_list("status").annotate(n=Count("pk")).order_by():
        counts[status] = n
    return counts


def districts() -> list[tuple[str, str, str]]:
    """(code, name, English name) of every district, in display order."""
    return list(District.objects.order_by("order", "code").values_list("code", "name", "name_en"))


def members_by_district() -> dict[str, dict[str, int]]:
    """{district code: {'lawyers': individual members, 'firms': member firms}}."""
    out: dict[str, dict[str, int]] = {}
    lawyer_rows = (
        Lawyer.objects.individual_members()
        .filter(firm__isnull=False)
        .values_list("firm__district__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for code, n in lawyer_rows:
        out.setdefault(code, {"lawyers": 0, "firms": 0})["lawyers"] = n
    firm_rows = (
        LawFirm.objects.member_firms()
        .values_list("district__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for code, n in firm_rows:
        out.setdefault(code, {"lawyers": 0, "firms": 0})["firms"] = n
    return out


def members_by_years_of_practice(*, today: dt.date | None = None) -> dict[str, int]:
    """Individual members by completed years since first licensed, in YEARS_BANDS."""
    today = today or timezone.localdate()

    def years_ago(years: int) -> dt.date:
        try:
            return today.replace(year=today.year - years)
        except ValueError:  # 29 February
            return today.replace(year=today.year - years, day=28)

    whens = []
    for key, low, high in YEARS_BANDS:
        # completed years >= low  <=> first_licensed <= today - low years
        cond = Q(first_licensed__lte=years_ago(low))
        if high is not None:
            cond &= Q(first_licensed__gt=years_ago(high + 1))
        whens.append(When(cond, then=Value(key)))
    rows = (
        Lawyer.objects.individual_members()
        .annotate(band=Case(*whens, default=Value("0-2")))
        .values_list("band")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {key: 0 for key, _low, _high in YEARS_BANDS}
    for band, n in rows:
        counts[band] += n
    return counts


def member_firms_by_type() -> dict[str, int]:
    rows = (
        LawFirm.objects.member_firms().values_list("firm_type").annotate(n=Count("pk")).order_by()
    )
    return dict(rows)


def member_firms_by_size() -> dict[str, int]:
    """Member firms by their number of practising lawyers, in SIZE_BANDS."""
    sizes = (
        LawFirm.objects.member_firms()
        .annotate(
            size=Count("lawyers", filter=Q(lawyers__status=LawyerStatus.PRACTISING)),
        )
        .values_list("size", flat=True)
        .order_by()
    )
    counts = {key: 0 for key, _low, _high in SIZE_BANDS}
    for size in sizes:
        for key, low, high in SIZE_BANDS:
            if size >= low and (high is None or size <= high):
                counts[key] += 1
                break
    return counts


def dues_summary(*, year: int) -> dict[str, dict[str, Decimal | int]]:
    """Dues invoices of `year` by payer kind: issued, paid, amounts (one query)."""
    payer = Case(When(lawyer__isnull=False, then=Value("lawyer")), default=Value("firm"))
    rows = (
        DuesInvoice.objects.for_year(year)
        .annotate(payer_kind=payer)
        .values("payer_kind")
        .annotate(
            n_issued=Count("pk"),
            n_paid=Count("pk", filter=Q(paid_at__isnull=False)),
            total=Sum("amount"),
            total_paid=Sum("amount", filter=Q(paid_at__isnull=False)),
        )
        .order_by()
    )
    out: dict[str, dict[str, Decimal | int]] = {
        kind: {"issued": 0, "paid": 0, "amount": Decimal(0), "paid_amount": Decimal(0)}
        for kind in ("lawyer", "firm")
    }
    for row in rows:
        out[row["payer_kind"]] = {
            "issued": row["n_issued"],
            "paid": row["n_paid"],
            "amount": row["total"] or Decimal(0),
            "paid_amount": row["total_paid"] or Decimal(0),
        }
    return out

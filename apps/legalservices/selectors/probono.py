"""Pro-bono totals (home figure, /stats/) and each lawyer's progress towards 50 hours."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.core.related_rows import related_total
from apps.members.models import Lawyer

from ..models import (
    RECOMMENDED_HOURS,
    RECOMMENDED_LEGAL_AID_CASES,
    BusinessFeedback,
    FeedbackTheme,
    ProBonoEvent,
    ProBonoKind,
    ProBonoRecord,
    RecordStatus,
)

TOTALS_TTL = 10 * 60


@dataclass(frozen=True)
class ProBonoTotals:
    year: int
    by_kind: dict[str, int]  # verified records per kind
    event_people: int  # people helped at pro-bono events (staff-recorded outcomes)
    hours: Decimal

    @property
    def total(self) -> int:
        """Services in the year: verified records plus people helped at events."""
        return sum(self.by_kind.values()) + self.event_people


def _totals_key(year: int) -> str:
    return f"legalservices:probono-totals:{year}"


def probono_totals_invalidate(*, year: int) -> None:
    cache.delete(_totals_key(year))


def probono_totals(*, year: int | None = None) -> ProBonoTotals:
    """Yearly totals by type (two aggregate queries), cached for TOTALS_TTL and dropped
    when a record is reviewed or an event's outcome recorded (services call
    probono_totals_invalidate after commit)."""
    year = year or timezone.localdate().year
    key = _totals_key(year)
    cached = cache.get(key)
    if cached is not None:
        return cached
    rows = (
        ProBonoRecord.objects.verified()
        .in_year(year)
        .values("kind")
        .annotate(n=Count("pk"), hours=Sum("hours"))
    )
    by_kind = dict.fromkeys(ProBonoKind.values, 0)
    hours = Decimal(0)
    for row in rows:
        by_kind[row["kind"]] = row["n"]
        hours += row["hours"] or 0
    events = ProBonoEvent.objects.filter(starts_at__year=year).aggregate(
        people=Sum("people_helped")
    )
    totals = ProBonoTotals(
        year=year, by_kind=by_kind, event_people=events["people"] or 0, hours=hours
    )
    cache.set(key, totals, TOTALS_TTL)
    return totals


def probono_services_this_year() -> int:
    return probono_totals().total


@dataclass(frozen=True)
class ProBonoProgress:
    year: int
    hours: Decimal
    legal_aid_cases: int
    pending: int

    @property
    def met(self) -> bool:
        return (
            self.hours >= RECOMMENDED_HOURS or self.legal_aid_cases >= RECOMMENDED_LEGAL_AID_CASES
        )

    @property
    def percent(self) -> int:
        if self.met:
            return 100
        return min(int(self.hours * 100 / RECOMMENDED_HOURS), 99)

    @property
    def recommended_hours(self) -> Decimal:
        return RECOMMENDED_HOURS

    @property
    def recommended_cases(self) -> int:
        return RECOMMENDED_LEGAL_AID_CASES


PROGRESS_HOURS_ATTR = "legalservices_probono_hours"
PROGRESS_AID_ATTR = "legalservices_probono_aid"
PROGRESS_PENDING_ATTR = "legalservices_probono_pending"


def probono_progress_annotations(*, year: int | None = None) -> dict[str, Any]:
    """This year's figures of :func:`probono_progress` as annotations on a lawyer query
    (the portal home, apps.core.panels)."""
    year = year or timezone.localdate().year
    records = ProBonoRecord.objects.filter(lawyer=OuterRef("pk"), date__year=year)
    verified = records.filter(status=RecordStatus.VERIFIED)
    return {
        PROGRESS_HOURS_ATTR: related_total(
            verified, "hours", output_field=ProBonoRecord._meta.get_field("hours")
        ),
        PROGRESS_AID_ATTR: related_total(
            verified.filter(kind=ProBonoKind.LEGAL_AID), function="COUNT"
        ),
        PROGRESS_PENDING_ATTR: related_total(
            records.filter(status=RecordStatus.SUBMITTED), function="COUNT"
        ),
    }


def probono_progress(*, lawyer: Lawyer, year: int | None = None) -> ProBonoProgress:
    """Verified hours and legal-aid cases in the year: from the lawyer's annotations (this
    year's only) when present, one query otherwise."""
    this_year = timezone.localdate().year
    year = year or this_year
    if year == this_year and hasattr(lawyer, PROGRESS_HOURS_ATTR):
        return ProBonoProgress(
            year=year,
            hours=getattr(lawyer, PROGRESS_HOURS_ATTR) or Decimal(0),
            legal_aid_cases=getattr(lawyer, PROGRESS_AID_ATTR),
            pending=getattr(lawyer, PROGRESS_PENDING_ATTR),
        )
    agg = ProBonoRecord.objects.filter(lawyer=lawyer, date__year=year).aggregate(
        hours=Sum("hours", filter=Q(status=RecordStatus.VERIFIED)),
        aid=Count("pk", filter=Q(status=RecordStatus.VERIFIED, kind=ProBonoKind.LEGAL_AID)),
        pending=Count("pk", filter=Q(status=RecordStatus.SUBMITTED)),
    )
    return ProBonoProgress(
        year=year,
        hours=agg["hours"] or Decimal(0),
        legal_aid_cases=agg["aid"],
        pending=agg["pending"],
    )


def probono_records_for_lawyer(*, lawyer: Lawyer, limit: int = 50) -> list[ProBonoRecord]:
    return list(ProBonoRecord.objects.filter(lawyer=lawyer).order_by("-date", "-id")[:limit])


def business_feedback_for_lawyer(*, lawyer: Lawyer, limit: int = 50) -> list[BusinessFeedback]:
    """What the lawyer filed, newest first, with the staff answer (one query)."""
    return list(
        BusinessFeedback.objects.filter(lawyer=lawyer)
        .only("id", "lawyer_id", "theme", "title", "status", "answer", "created_at", "answered_at")
        .order_by("-created_at", "-id")[:limit]
    )


def feedback_counts_by_theme(*, year: int | None = None) -> dict[str, int]:
    """Business-environment feedback per theme (for /stats/): one aggregate query."""
    qs = BusinessFeedback.objects.all()
    if year:
        qs = qs.filter(created_at__year=year)
    counts = dict.fromkeys(FeedbackTheme.values, 0)
    for row in qs.values("theme").annotate(n=Count("pk")):
        counts[row["theme"]] = row["n"]
    return counts


def probono_hours_by_lawyer(*, year: int, below_only: bool = False) -> QuerySet[Lawyer]:
    """Practising lawyers with their verified hours and legal-aid cases in `year`, for
    staff (one aggregate query per page). `below_only`: those short of the recommendation."""
    verified = Q(probono_records__status=RecordStatus.VERIFIED, probono_records__date__year=year)
    lawyers = (
        Lawyer.objects.practising()
        .select_related("firm")
        .annotate(
            probono_hours=Coalesce(Sum("probono_records__hours", filter=verified), Decimal(0)),
            probono_aid_cases=Count(
                "probono_records",
                filter=verified & Q(probono_records__kind=ProBonoKind.LEGAL_AID),
            ),
        )
    )
    if below_only:
        lawyers = lawyers.filter(
            probono_hours__lt=RECOMMENDED_HOURS, probono_aid_cases__lt=RECOMMENDED_LEGAL_AID_CASES
        )
    return lawyers.order_by("-probono_hours", "name", "pk")

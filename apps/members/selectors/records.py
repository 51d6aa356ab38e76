"""A lawyer's annual reviews (年度考核) and honours (荣誉): what is public, what is theirs.

Public (the register's lawyer page and API): the ``PUBLIC_REVIEW_YEARS`` latest graded
reviews — a deferral (暂缓考核) is not a result and its reasons are internal, so it is
not shown — and honours marked public. The internal note
is never selected for the public page. The lawyer sees all their own rows in the portal.
Each read is one query, whatever the number of rows (query-budget tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet

from apps.core.related_rows import related_rows, rows_as_instances

from ..models import AnnualReview, Honour, Lawyer

PUBLIC_REVIEW_YEARS = 3
PUBLIC_REVIEWS_ATTR = "public_reviews"
PUBLIC_HONOURS_ATTR = "public_honours"


def _public_reviews() -> QuerySet[AnnualReview]:
    return AnnualReview.objects.graded().only("id", "lawyer_id", "year", "result").order_by("-year")


def _public_honours() -> QuerySet[Honour]:
    return (
        Honour.objects.filter(is_public=True)
        .only("id", "lawyer_id", "title", "title_en", "awarded_by", "year")
        .order_by("-year", "title")
    )


def lawyer_public_record_prefetches() -> list[Prefetch]:
    """Prefetches a public lawyer query adds: ``lawyer.public_reviews`` (newest first, at
    most ``PUBLIC_REVIEW_YEARS``) and ``lawyer.public_honours`` — two queries in all."""
    return [
        Prefetch(
            "annual_reviews",
            queryset=_public_reviews()[:PUBLIC_REVIEW_YEARS],
            to_attr=PUBLIC_REVIEWS_ATTR,
        ),
        Prefetch("honours", queryset=_public_honours(), to_attr=PUBLIC_HONOURS_ATTR),
    ]


@dataclass(frozen=True)
class LawyerRecord:
    """The lawyer's own annual reviews and honours (portal home panel)."""

    reviews: list[AnnualReview]
    honours: list[Honour]

    @property
    def is_empty(self) -> bool:
        return not self.reviews and not self.honours


OWN_REVIEW_FIELDS = ("id", "lawyer_id", "year", "result", "decided_on")
OWN_HONOUR_FIELDS = ("id", "lawyer_id", "title", "title_en", "awarded_by", "year", "is_public")
OWN_REVIEWS_ATTR = "members_own_reviews"
OWN_HONOURS_ATTR = "members_own_honours"


def lawyer_record_own_annotations() -> dict[str, Any]:
    """The same rows as :func:`lawyer_record_own`, as annotations on a lawyer query."""
    return {
        OWN_REVIEWS_ATTR: related_rows(
            AnnualReview.objects.filter(lawyer=OuterRef("pk")).order_by("-year"),
            OWN_REVIEW_FIELDS,
        ),
        OWN_HONOURS_ATTR: related_rows(
            Honour.objects.filter(lawyer=OuterRef("pk")).order_by("-year", "title"),
            OWN_HONOUR_FIELDS,
        ),
    }


def lawyer_record_own(*, lawyer: Lawyer) -> LawyerRecord:
    """All of the lawyer's reviews (deferrals too) and honours, newest first: read from
    the lawyer's annotations when it was loaded with them, 2 queries otherwise."""
    if hasattr(lawyer, OWN_REVIEWS_ATTR) and hasattr(lawyer, OWN_HONOURS_ATTR):
        return LawyerRecord(
            reviews=rows_as_instances(AnnualReview, getattr(lawyer, OWN_REVIEWS_ATTR)),
            honours=rows_as_instances(Honour, getattr(lawyer, OWN_HONOURS_ATTR)),
        )
    return LawyerRecord(
        reviews=list(
            AnnualReview.objects.filter(lawyer=lawyer).only(*OWN_REVIEW_FIELDS).order_by("-year")
        ),
        honours=list(
            Honour.objects.filter(lawyer=lawyer).only(*OWN_HONOUR_FIELDS).order_by("-year", "title")
        ),
    )

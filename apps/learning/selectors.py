"""Reads for the CLE academy: catalogue, a lawyer's own enrolments and progress, compliance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from apps.accounts.models import User
from apps.core.related_rows import related_total
from apps.members.models import Lawyer, LawyerCategory, LawyerStatus

from . import rules
from .models import CardPhoto, Course, CreditEntry, Enrolment, EnrolmentStatus, Mode


def lawyer_for_user(*, user: User) -> Lawyer | None:
    """The signed-in user's lawyer record (practising or not), or None."""
    if not user.is_authenticated:
        return None
    return Lawyer.objects.select_related("firm").filter(user=user).first()


def course_list_published(*, category: str = "", mode: str = "") -> QuerySet[Course]:
    courses = Course.objects.published()
    if category:
        courses = courses.filter(category=category)
    if mode:
        courses = courses.filter(mode=mode)
    return courses.order_by("-created_at", "-pk")


def course_get_published(*, pk: int) -> Course:
    course = Course.objects.published().filter(pk=pk).first()
    if course is None:
        raise Http404
    return course


def enrolment_for(*, course: Course, lawyer: Lawyer | None) -> Enrolment | None:
    if lawyer is None:
        return None
    return Enrolment.objects.filter(course=course, lawyer=lawyer).first()


def enrolment_list_for_user(*, user: User) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(lawyer__user=user, lawyer__user__isnull=False)
        .exclude(status=EnrolmentStatus.CANCELLED)
        .select_related("course", "credit")
        .order_by("-enrolled_at", "-pk")
    )


def enrolment_get_for_user(*, user: User, pk: int) -> Enrolment:
    """The user's own enrolment; anyone else's (or none) is a 404."""
    if not user.is_authenticated:
        raise Http404
    enrolment = (
        Enrolment.objects.select_related("course", "lawyer", "lawyer__firm", "credit")
        .filter(pk=pk, lawyer__user=user)
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def _year_filter(year: int, prefix: str = "") -> Q:
    onsite_from, onsite_to = rules.onsite_window(year)
    online_from, online_to = rules.online_window(year)
    return Q(
        **{f"{prefix}mode": Mode.ONSITE, f"{prefix}credited_on__range": (onsite_from, onsite_to)}
    ) | Q(**{f"{prefix}mode": Mode.ONLINE, f"{prefix}credited_on__range": (online_from, online_to)})


def credits_for_year(*, lawyer: Lawyer, year: int) -> QuerySet[CreditEntry]:
    """The credits that count towards ``year`` (on-site by calendar year, online April–March)."""
    return (
        CreditEntry.objects.filter(lawyer=lawyer)
        .filter(_year_filter(year))
        .order_by("credited_on", "pk")
    )


def requirement_of(lawyer: Lawyer, year: int) -> rules.Requirement:
    return rules.requirement_for(
        year=year,
        first_licensed=lawyer.first_licensed,
        birth_date=rules.birth_date_from_id_number(lawyer.id_number),
        part_time=lawyer.category == LawyerCategory.PART_TIME,
    )


@dataclass(frozen=True)
class Progress:
    year: int
    required: Decimal
    reason: str
    onsite_minutes: int
    online_minutes: int
    deadline: dt.date

    @property
    def minutes(self) -> int:
        return self.onsite_minutes + self.online_minutes

    @property
    def earned(self) -> Decimal:
        return rules.minutes_to_hours(self.minutes)

    @property
    def onsite(self) -> Decimal:
        return rules.minutes_to_hours(self.onsite_minutes)

    @property
    def online(self) -> Decimal:
        return rules.minutes_to_hours(self.online_minutes)

    @property
    def short(self) -> Decimal:
        return max(self.required - self.earned, Decimal("0.00"))

    @property
    def met(self) -> bool:
        return self.short == 0

    @property
    def percent(self) -> int:
        if self.required <= 0:
            return 100
        return min(int(self.earned * 100 / self.required), 100)


PROGRESS_ONSITE_ATTR = "learning_onsite_minutes"
PROGRESS_ONLINE_ATTR = "learning_online_minutes"


def progress_annotations(*, year: int | None = None) -> dict[str, Any]:
    """This year's on-site and online minutes as annotations on a lawyer query (the
    portal home, apps.core.panels); :func:`progress_for_lawyer` reads them."""
    year = year or timezone.localdate().year
    entries = CreditEntry.objects.filter(lawyer=OuterRef("pk"))
    return {
        PROGRESS_ONSITE_ATTR: related_total(
            entries.filter(mode=Mode.ONSITE, credited_on__range=rules.onsite_window(year)),
            "minutes",
        ),
        PROGRESS_ONLINE_ATTR: related_total(
            entries.filter(mode=Mode.ONLINE, credited_on__range=rules.online_window(year)),
            "minutes",
        ),
    }


def progress_for_lawyer(*, lawyer: Lawyer, year: int | None = None) -> Progress:
    """Hours earned against the requirement for ``year`` (default: the current year):
    from the lawyer's annotations (this year's only) when present, one query otherwise."""
    this_year = timezone.localdate().year
    year = year or this_year
    if year == this_year and hasattr(lawyer, PROGRESS_ONSITE_ATTR):
        return _progress(
            lawyer,
            year,
            onsite=getattr(lawyer, PROGRESS_ONSITE_ATTR),
            online=getattr(lawyer, PROGRESS_ONLINE_ATTR),
        )
    onsite_from, onsite_to = rules.onsite_window(year)
    online_from, online_to = rules.online_window(year)
    totals = CreditEntry.objects.filter(lawyer=lawyer).aggregate(
        onsite=Coalesce(
            Sum(
                "minutes",
                filter=Q(mode=Mode.ONSITE, credited_on__range=(onsite_from, onsite_to)),
            ),
            0,
        ),
        online=Coalesce(
            Sum(
                "minutes",
                filter=Q(mode=Mode.ONLINE, credited_on__range=(online_from, online_to)),
            ),
            0,
        ),
    )
    return _progress(lawyer, year, onsite=totals["onsite"], online=totals["online"])


def _progress(lawyer: Lawyer, year: int, *, onsite: int, online: int) -> Progress:
    requirement = requirement_of(lawyer, year)
    return Progress(
        year=year,
        required=requirement.hours,
        reason=requirement.reason,
        onsite_minutes=onsite,
        online_minutes=online,
        deadline=rules.year_deadline(year),
    )


@dataclass(frozen=True)
class ComplianceRow:
    """One lawyer's line in the compliance list (plain values, no model instances)."""

    lawyer_id: int
    name: str
    licence_no: str
    firm_name: str
    user_id: int | None
    progress: Progress

    @property
    def earned(self) -> Decimal:
        return self.progress.earned

    @property
    def required(self) -> Decimal:
        return self.progress.required

    @property
    def short(self) -> Decimal:
        return self.progress.short


def compliance_rows(
    *,
    year: int,
    only_short: bool = False,
    with_account: bool = False,
    firm_id: int | None = None,
    q: str = "",
) -> list[ComplianceRow]:
    """Every practising lawyer's hours for ``year`` against their requirement: one query
    (sums per window by the database, the requirement in Python), plain tuples rather
    than model instances so the city's 40,000 lawyers stay well under a second."""
    onsite_from, onsite_to = rules.onsite_window(year)
    online_from, online_to = rules.online_window(year)
    lawyers = (
        Lawyer.objects.filter(status=LawyerStatus.PRACTISING)
        .annotate(
            cle_onsite=Coalesce(
                Sum(
                    "cle_credits__minutes",
                    filter=Q(
                        cle_credits__mode=Mode.ONSITE,
                        cle_credits__credited_on__range=(onsite_from, onsite_to),
                    ),
                ),
                0,
            ),
            cle_online=Coalesce(
                Sum(
                    "cle_credits__minutes",
                    filter=Q(
                        cle_credits__mode=Mode.ONLINE,
                        cle_credits__credited_on__range=(online_from, online_to),
                    ),
                ),
                0,
            ),
        )
        .order_by("name", "pk")
    )
    if with_account:
        lawyers = lawyers.filter(user__isnull=False, user__is_active=True)
    if firm_id:
        lawyers = lawyers.filter(firm_id=firm_id)
    if q:
        lawyers = lawyers.filter(Q(name__startswith=q) | Q(licence_no__startswith=q))
    deadline = rules.year_deadline(year)
    part_time = LawyerCategory.PART_TIME.value
    rows = []
    for (
        pk,
        name,
        licence_no,
        firm_name,
        user_id,
        first_licensed,
        id_number,
        category,
        onsite,
        online,
    ) in lawyers.values_list(
        "pk",
        "name",
        "licence_no",
        "firm__name",
        "user_id",
        "first_licensed",
        "id_number",
        "category",
        "cle_onsite",
        "cle_online",
    ).iterator(chunk_size=5000):
        requirement = rules.requirement_for(
            year=year,
            first_licensed=first_licensed,
            birth_date=rules.birth_date_from_id_number(id_number),
            part_time=category == part_time,
        )
        progress = Progress(
            year=year,
            required=requirement.hours,
            reason=requirement.reason,
            onsite_minutes=onsite,
            online_minutes=online,
            deadline=deadline,
        )
        if only_short and progress.met:
            continue
        rows.append(
            ComplianceRow(
                lawyer_id=pk,
                name=name,
                licence_no=licence_no,
                firm_name=firm_name or "",
                user_id=user_id,
                progress=progress,
            )
        )
    return rows


def card_photo_for(*, lawyer: Lawyer) -> CardPhoto | None:
    return CardPhoto.objects.filter(lawyer=lawyer).first()

"""Reads for complaints.

Visibility rules:

* the **public** sees a complaint only through the tracking page, with reference + code,
  and then only its public timeline steps, state and next deadline — never names,
  contacts, officer notes or the respondent's defence;
* the **respondent** — the lawyer complained about (via their portal account) and the
  administrators of the firm complained about or of the lawyer's firm — sees the
  allegations (category, facts, request, evidence list) once the association has asked
  for a defence, never the complainant's identity or contacts;
* **complaints officers** (``complaints.view_complaint``) see everything in admin;
  the complainant's identity only with ``complaints.view_complainant_pii``;
* anyone else: 404 for a complaint they are not party to (existence is not revealed).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from apps.members.models import FirmAdministrator, LawyerStatus

from . import workdays
from .codes import tracking_code_check
from .models import (
    PUBLIC_SANCTIONS,
    Complaint,
    ComplaintEvent,
    Decision,
    Outcome,
    Stage,
    State,
)

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.members.models import LawFirm, Lawyer

DEFAULT_PUBLISH_MIN_CASES = 5


# --- the respondent's side ------------------------------------------------------------


def firm_administrator_users(*, firm_id: int) -> list[User]:
    """Active accounts of the firm's administrators (same lapse rules as members)."""
    links = FirmAdministrator.objects.filter(
        firm_id=firm_id,
        lawyer__status=LawyerStatus.PRACTISING,
        lawyer__firm_id=F("firm_id"),
        lawyer__user__isnull=False,
        lawyer__user__is_active=True,
    ).select_related("lawyer__user")
    return [link.lawyer.user for link in links if link.lawyer.user is not None]


def _administered_firm_ids(user: User) -> list[int]:
    return list(
        FirmAdministrator.objects.filter(
            lawyer__user=user,
            lawyer__status=LawyerStatus.PRACTISING,
            lawyer__firm_id=F("firm_id"),
        ).values_list("firm_id", flat=True)
    )


def _respondent_q(user: User, firm_ids: list[int] | None = None) -> Q:
    if firm_ids is None:
        firm_ids = _administered_firm_ids(user)
    q = Q(respondent_lawyer__user=user)
    if firm_ids:
        q |= Q(respondent_firm_id__in=firm_ids) | Q(respondent_lawyer__firm_id__in=firm_ids)
    return q


def complaint_list_for_respondent(
    *, user: User, firm_ids: list[int] | None = None
) -> QuerySet[Complaint]:
    """Complaints the user answers for (own, or their firm's), once a defence was asked.

    ``firm_ids``: the firms the user administers, when the caller already has them (the
    portal home's lawyer query); looked up otherwise."""
    if not user.is_authenticated:
        return Complaint.objects.none()
    return (
        Complaint.objects.filter(
            _respondent_q(user, firm_ids), respondent_notified_at__isnull=False
        )
        .select_related("respondent_lawyer", "respondent_firm")
        .order_by("-respondent_notified_at", "-id")
    )


def complaint_get_for_user(*, user: User, pk: int, for_defence: bool = False) -> Complaint:
    """A complaint for the portal: 404 unless the user is party to it; 403 when a firm
    administrator (who may read) tries to answer for a lawyer other than themselves —
    only the lawyer complained about, or for a firm complaint its administrators, answer.
    """
    complaint = complaint_list_for_respondent(user=user).filter(pk=pk).first()
    if complaint is None:
        raise Http404
    if for_defence and not complaint_may_answer(complaint=complaint, user=user):
        raise PermissionDenied
    return complaint


def complaint_may_answer(*, complaint: Complaint, user: User) -> bool:
    """For a complaint already visible to ``user``: is it theirs to answer?"""
    lawyer = complaint.respondent_lawyer
    return lawyer is None or lawyer.user_id == user.pk


def respondent_awaiting_count(*, user: User, firm_ids: list[int] | None = None) -> list[Complaint]:
    return list(
        complaint_list_for_respondent(user=user, firm_ids=firm_ids).filter(state=State.DEFENCE)[:20]
    )


# --- tracking ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Tracked:
    complaint: Complaint
    events: list[ComplaintEvent]
    next_deadline: dt.date | None
    next_stage: str


def complaint_track(*, reference: str, code: str) -> Complaint | None:
    """The complaint if reference and code match; None otherwise (same work either way)."""
    reference = (reference or "").strip().upper()
    complaint = (
        Complaint.objects.filter(reference=reference).only("pk", "tracking_code_hash").first()
        if len(reference) <= 16
        else None
    )
    ok = tracking_code_check(code, complaint.tracking_code_hash if complaint else None)
    return complaint if ok and complaint else None


# The stages whose deadline the complainant is told (the others are internal).
PUBLIC_STAGES = {Stage.ACCEPTANCE, Stage.MATERIAL, Stage.DECISION_SIMPLE, Stage.DECISION_COMPLEX}


def complaint_public_view(*, pk: int) -> Tracked:
    """What the tracking page shows: public events and deadline; nothing personal."""
    complaint = Complaint.objects.only(
        "pk",
        "reference",
        "state",
        "track",
        "category",
        "submitted_at",
        "due_on",
        "due_stage",
        "review_round",
        "pii_purged_at",
        "material_request",
    ).get(pk=pk)
    events = list(
        ComplaintEvent.objects.filter(complaint_id=pk, public=True)
        .only("kind", "at", "to_state", "public_note")
        .order_by("at", "id")
    )
    stage = complaint.due_stage if complaint.due_stage in PUBLIC_STAGES else ""
    return Tracked(
        complaint=complaint,
        events=events,
        next_deadline=complaint.due_on if stage else None,
        next_stage=stage,
    )


# --- public record --------------------------------------------------------------------


def public_sanctions_for_lawyer(*, lawyer: Lawyer, today: dt.date | None = None) -> list[Decision]:
    today = today or timezone.localdate()
    return list(
        Decision.objects.published_on(today)
        .filter(complaint__respondent_lawyer=lawyer, sanction__in=PUBLIC_SANCTIONS)
        .order_by("-decided_at")
        .only("sanction", "suspension_months", "decided_at", "publish_until", "basis")
    )


def public_sanctions_for_firm(*, firm: LawFirm, today: dt.date | None = None) -> list[Decision]:
    """Public sanctions on the firm itself (complaints naming the firm but no lawyer)."""
    today = today or timezone.localdate()
    return list(
        Decision.objects.published_on(today)
        .filter(
            complaint__respondent_firm=firm,
            complaint__respondent_lawyer__isnull=True,
            sanction__in=PUBLIC_SANCTIONS,
        )
        .order_by("-decided_at")
        .only("sanction", "suspension_months", "decided_at", "publish_until", "basis")
    )


# --- staff dashboard ------------------------------------------------------------------


def dashboard(
    *, today: dt.date | None = None, soon_days: int = 3, limit: int = 200
) -> dict[str, Any]:
    today = today or timezone.localdate()
    base = Complaint.objects.select_related("respondent_lawyer", "respondent_firm").only(
        "pk",
        "reference",
        "state",
        "track",
        "category",
        "due_on",
        "due_stage",
        "submitted_at",
        "respondent_text",
        "respondent_lawyer__name",
        "respondent_firm__name",
    )
    return {
        "overdue": list(base.overdue(today).order_by("due_on", "pk")[:limit]),
        "due_soon": list(base.due_soon(today, soon_days).order_by("due_on", "pk")[:limit]),
        "by_state": dict(
            Complaint.objects.open().values_list("state").annotate(n=Count("pk")).order_by()
        ),
        "uncovered_years": workdays.uncovered_years(today=today),
        "today": today,
    }


# --- reports (aggregates only, for the statistics pages) -------------------------------


def publish_min_cases() -> int:
    return int(getattr(settings, "COMPLAINTS_PUBLISH_MIN_CASES", DEFAULT_PUBLISH_MIN_CASES))


def counts_by(field: str, *, year: int | None = None) -> dict[str, int]:
    """Complaint counts by 'category', 'track', 'state' or 'outcome' (current decisions)."""
    if field == "outcome":
        qs = Decision.objects.current()
        if year:
            qs = qs.filter(decided_at__year=year)
        out: dict[str, int] = {}
        for outcome, sanction, n in (
            qs.values_list("outcome", "sanction").annotate(n=Count("pk")).order_by()
        ):
            key = sanction if outcome == Outcome.SANCTION else outcome
            out[key] = out.get(key, 0) + n
        return out
    if field not in {"category", "track", "state"}:
        raise ValueError(field)
    complaints = Complaint.objects.all()
    if year:
        complaints = complaints.filter(submitted_at__year=year)
    rows = complaints.values_list(field).annotate(n=Count("pk")).order_by()
    return {k: n for k, n in rows if k}


def counts_by_month(*, year: int) -> list[tuple[dt.date, int]]:
    rows = (
        Complaint.objects.filter(submitted_at__year=year)
        .annotate(month=TruncMonth("submitted_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return [(timezone.localtime(m).date() if isinstance(m, dt.datetime) else m, n) for m, n in rows]


@dataclass(frozen=True)
class DecisionTimes:
    decided: int
    median_days: float | None
    p90_days: float | None
    within_limit_share: float | None


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def decision_times(*, year: int | None = None) -> DecisionTimes:
    """Calendar days from submission to the first decision; share within the stage limit
    (working days from acceptance, as configured per track)."""
    from .services.common import stage_days

    qs = Decision.objects.filter(review_round=0).select_related(None)
    if year:
        qs = qs.filter(decided_at__year=year)
    rows = list(
        qs.values_list(
            "decided_at", "complaint__submitted_at", "complaint__accepted_at", "complaint__track"
        )
    )
    if not rows:
        return DecisionTimes(0, None, None, None)
    days = [(d - s).total_seconds() / 86400 for d, s, _a, _t in rows]
    limits = {
        "simple": stage_days(Stage.DECISION_SIMPLE),
        "complex": stage_days(Stage.DECISION_COMPLEX),
    }
    within = 0
    for decided, _s, accepted, track in rows:
        if accepted is None:
            continue
        used = workdays.working_days_between(
            timezone.localtime(accepted).date(), timezone.localtime(decided).date()
        )
        within += used <= limits.get(track, limits["simple"])
    return DecisionTimes(
        decided=len(rows),
        median_days=round(statistics.median(days), 1),
        p90_days=round(_percentile(days, 0.9), 1),
        within_limit_share=round(within / len(rows), 3),
    )


def firm_counts_published(*, year: int | None = None) -> list[dict[str, Any]]:
    """Per firm: accepted complaints and sanctions — only firms with at least
    ``publish_min_cases()`` accepted complaints, so no complainant can be singled out."""
    accepted = Complaint.objects.filter(accepted_at__isnull=False, respondent_firm__isnull=False)
    if year:
        accepted = accepted.filter(accepted_at__year=year)
    rows = (
        accepted.values("respondent_firm_id", "respondent_firm__name")
        .annotate(
            accepted=Count("pk", distinct=True),
            sanctions=Count(
                "decisions",
                filter=Q(
                    decisions__outcome=Outcome.SANCTION, decisions__superseded_at__isnull=True
                ),
                distinct=True,
            ),
        )
        .filter(accepted__gte=publish_min_cases())
        .order_by("-accepted", "respondent_firm__name")
    )
    return [
        {
            "firm_id": r["respondent_firm_id"],
            "firm": r["respondent_firm__name"],
            "accepted": r["accepted"],
            "sanctions": r["sanctions"],
        }
        for r in rows
    ]


def officers() -> Iterable[User]:
    from apps.accounts.models import User

    return (
        User.objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(
                groups__permissions__codename="change_complaint",
                groups__permissions__content_type__app_label="complaints",
            )
            | Q(
                user_permissions__codename="change_complaint",
                user_permissions__content_type__app_label="complaints",
            )
        )
        .distinct()
    )


# --- intake -----------------------------------------------------------------------------


def respondent_resolve(
    *, lawyer_name: str, licence_no: str, firm_name: str
) -> tuple[Lawyer | None, LawFirm | None, str]:
    """Match what the complainant typed against the registry.

    A licence number names one lawyer; a firm's full name one firm; a lawyer's name is
    matched only within that firm and only when unique. Whatever does not match is kept
    as free text for the officer to link later.
    """
    from apps.members.models import LawFirm, Lawyer

    lawyer_name, licence_no, firm_name = (
        (lawyer_name or "").strip(),
        (licence_no or "").strip(),
        (firm_name or "").strip(),
    )
    firm = LawFirm.objects.filter(name=firm_name).first() if firm_name else None
    lawyer = None
    if licence_no:
        lawyer = Lawyer.objects.select_related("firm").filter(licence_no=licence_no).first()
        if lawyer is not None and lawyer_name and lawyer.name != lawyer_name:
            lawyer = None  # a typo in either: let the officer sort it out
    elif lawyer_name and firm is not None:
        matches = list(Lawyer.objects.filter(firm=firm, name=lawyer_name)[:2])
        lawyer = matches[0] if len(matches) == 1 else None
    if lawyer is not None and firm is None:
        firm = lawyer.firm
    parts = []
    if lawyer is None and (lawyer_name or licence_no):
        parts.append(" ".join(p for p in (lawyer_name, licence_no) if p))
    if firm is None and firm_name:
        parts.append(firm_name)
    return lawyer, firm, "；".join(parts)[:200]

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from apps.members.models import Lawyer

from ..models import (
    EventSlot,
    ImpersonationAlert,
    MediationRequest,
    MediationStatus,
    Mediator,
    PartnerAgreement,
    ProBonoEvent,
    Programme,
    SlotBooking,
)

MEDIATOR_MIN_YEARS = 3


def events_upcoming(*, limit: int = 10) -> list[ProBonoEvent]:
    return list(
        ProBonoEvent.objects.published()
        .filter(ends_at__gte=timezone.now())
        .select_related("district")
        .annotate(
            places=Sum("slots__capacity"),
            taken=Sum("slots__booked"),
            volunteer_count=Count("volunteers", distinct=True),
        )
        .order_by("starts_at")[:limit]
    )


def events_past(*, limit: int = 6) -> list[ProBonoEvent]:
    return list(
        ProBonoEvent.objects.published()
        .filter(ends_at__lt=timezone.now())
        .select_related("district")
        .order_by("-starts_at")[:limit]
    )


def event_public_get(*, pk: int) -> ProBonoEvent:
    event = (
        ProBonoEvent.objects.published()
        .select_related("district")
        .prefetch_related(Prefetch("slots", queryset=EventSlot.objects.order_by("starts_at")))
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404
    return event


def booking_public_get(*, reference: str) -> SlotBooking:
    booking = (
        SlotBooking.objects.select_related("slot", "slot__event", "slot__event__district")
        .filter(reference=reference)
        .first()
    )
    if booking is None:
        raise Http404
    return booking


def alert_search(*, q: str = "") -> QuerySet[ImpersonationAlert]:
    alerts = ImpersonationAlert.objects.filter(is_published=True)
    if q:
        alerts = alerts.filter(
            Q(name__icontains=q) | Q(claimed_as__icontains=q) | Q(website__icontains=q)
        )
    return alerts.order_by("-published_on", "-id")


def programmes_public() -> list[Programme]:
    return list(
        Programme.objects.filter(is_published=True)
        .annotate(edition_count=Count("editions"))
        .order_by("order", "name")
    )


def programme_public_get(*, slug: str) -> tuple[Programme, list[Any]]:
    programme = Programme.objects.filter(slug=slug, is_published=True).first()
    if programme is None:
        raise Http404
    editions = list(
        programme.editions.annotate(participant_count=Count("participants")).order_by("-year")
    )
    return programme, editions


def agreements_public() -> list[PartnerAgreement]:
    return list(PartnerAgreement.objects.filter(is_published=True).order_by("kind", "-signed_on"))


def mediators_public() -> list[Mediator]:
    """The roster as published: active mediators still practising."""
    return list(
        Mediator.objects.filter(is_active=True, lawyer__status="practising")
        .select_related("lawyer", "lawyer__firm")
        .order_by("lawyer__name")
    )


def mediation_outcomes() -> dict[str, int]:
    counts = dict.fromkeys(MediationStatus.values, 0)
    for row in MediationRequest.objects.values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return counts


def portal_lawyer(*, user: Any) -> Lawyer | None:
    if not user.is_authenticated:
        return None
    return Lawyer.objects.select_related("firm").filter(user=user).first()

"""Reads for events, clubs and contests.

Visibility: published events, clubs and contests are public (titles, times, places —
never who registered). A registration is visible only to its own lawyer
(``registration_get_for_user`` answers 404 for anybody else); staff see registrations
in admin. Contest tallies are shown while voting when the contest is "live", otherwise
only after voting closes; staff with ``events.view_vote`` always see them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.members.models import Lawyer

from .models import (
    ACTIVE_STATUSES,
    CalendarFeed,
    Club,
    Contest,
    ContestCategory,
    Entry,
    Event,
    Registration,
    RegistrationStatus,
    Vote,
)

if TYPE_CHECKING:
    from apps.accounts.models import User


def lawyer_for_user(*, user: User) -> Lawyer | None:
    if not user.is_authenticated:
        return None
    return Lawyer.objects.select_related("firm").filter(user=user).first()


def event_list_published(*, kind: str = "", club: Club | None = None) -> QuerySet[Event]:
    events = Event.objects.published().upcoming().select_related("club")
    if kind:
        events = events.filter(kind=kind)
    if club is not None:
        events = events.filter(club=club)
    return events.order_by("starts_at", "pk")


def event_get_published(*, pk: int) -> Event:
    event = (
        Event.objects.published()
        .select_related("club")
        .prefetch_related("options")
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404
    return event


def registration_for(*, event: Event, lawyer: Lawyer | None) -> Registration | None:
    if lawyer is None:
        return None
    return (
        Registration.objects.select_related("option")
        .filter(event=event, lawyer=lawyer, status__in=ACTIVE_STATUSES)
        .first()
    )


def waitlist_position(*, registration: Registration) -> int | None:
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    return (
        Registration.objects.filter(
            event_id=registration.event_id,
            status=RegistrationStatus.WAITLISTED,
            created_at__lte=registration.created_at,
        )
        .exclude(pk__gt=registration.pk, created_at=registration.created_at)
        .count()
    )


def registration_list_for_user(*, user: User) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(lawyer__user=user, status__in=ACTIVE_STATUSES)
        .select_related("event", "option")
        .order_by("-event__starts_at", "pk")
    )


def registration_get_for_user(*, user: User, pk: int) -> Registration:
    registration = (
        Registration.objects.select_related("event", "option")
        .filter(pk=pk, lawyer__user=user)
        .first()
        if user.is_authenticated
        else None
    )
    if registration is None:
        raise Http404
    return registration


def upcoming_for_lawyer(*, lawyer: Lawyer, limit: int = 5) -> list[Registration]:
    return list(
        Registration.objects.filter(
            lawyer=lawyer,
            status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED],
            event__ends_at__gte=timezone.now(),
        )
        .select_related("event", "option")
        .order_by("event__starts_at", "pk")[:limit]
    )


def calendar_registrations(*, token: str) -> tuple[Lawyer, list[Registration]]:
    feed = CalendarFeed.objects.select_related("lawyer").filter(token=token).first()
    if not token or feed is None:
        raise Http404
    registrations = list(
        Registration.objects.filter(
            lawyer=feed.lawyer,
            status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED],
        )
        .select_related("event")
        .order_by("event__starts_at")[:500]
    )
    return feed.lawyer, registrations


def club_list() -> QuerySet[Club]:
    return Club.objects.annotate(member_count=Count("memberships")).order_by("name")


def club_get(*, slug: str) -> Club:
    club = Club.objects.annotate(member_count=Count("memberships")).filter(slug=slug).first()
    if club is None:
        raise Http404
    return club


def club_is_member(*, club: Club, lawyer: Lawyer | None) -> bool:
    return lawyer is not None and club.memberships.filter(lawyer=lawyer).exists()


def contest_list_published() -> QuerySet[Contest]:
    return Contest.objects.filter(published=True).order_by("-voting_opens_at", "pk")


def contest_get_published(*, pk: int) -> Contest:
    contest = Contest.objects.filter(pk=pk, published=True).first()
    if contest is None:
        raise Http404
    return contest


def contest_ballot(
    *, contest: Contest, lawyer: Lawyer | None, with_tallies: bool
) -> list[dict[str, Any]]:
    """Categories with their entries (vote counts when ``with_tallies``) and the entry
    this lawyer voted for in each: three queries whatever the size."""
    entries = Entry.objects.order_by("name", "pk")
    if with_tallies:
        entries = entries.annotate(vote_count=Count("votes"))
    categories = list(
        ContestCategory.objects.filter(contest=contest).prefetch_related(
            Prefetch("entries", queryset=entries)
        )
    )
    mine: dict[int, int] = {}
    if lawyer is not None:
        mine = dict(
            Vote.objects.filter(category__contest=contest, lawyer=lawyer).values_list(
                "category_id", "entry_id"
            )
        )
    ballot = []
    for category in categories:
        items = list(category.entries.all())
        if with_tallies:
            items.sort(key=lambda e: (-getattr(e, "vote_count", 0), e.name))
        ballot.append({"category": category, "entries": items, "my_vote": mine.get(category.pk)})
    return ballot


def feed_for_lawyer(*, lawyer: Lawyer) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(lawyer=lawyer).first()

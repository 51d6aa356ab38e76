"""Writes for events, clubs and contests.

Registration and cancellation lock the event row (``select_for_update``) for the whole
transaction: the place count, the registration row and the waitlist promotion change
together, and concurrent sign-ups queue on that lock, so an event is never over capacity
(the CHECK constraint ``events_event_never_over_capacity`` backs this up). Votes rely on
the unique constraint ``events_vote_once_per_category``: of two simultaneous votes by one
member in one category, the second INSERT fails and is reported as "already voted".
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.exceptions import DomainError
from apps.members.models import Lawyer, LawyerStatus

from .links import LinkError, link_read, link_token
from .models import (
    CalendarFeed,
    Club,
    ClubMembership,
    Contest,
    Entry,
    Event,
    EventOption,
    Registration,
    RegistrationStatus,
    Vote,
)

CANCEL_LINK_SALT = "events.registration.cancel"
CANCEL_LINK_MAX_AGE = dt.timedelta(days=14)
REMINDER_AHEAD = dt.timedelta(hours=48)
CHECKIN_EARLY = dt.timedelta(minutes=30)
KEY_REGISTERED = "events_registered"
KEY_PROMOTED = "events_promoted"
KEY_REMINDER = "events_reminder"


def _notify(registration: Registration, key: str) -> None:
    """Outbox row in the caller's transaction; the e-mail carries a one-use cancel link."""
    from apps.notifications.services import notification_create

    user = registration.lawyer.user
    if user is None:
        return
    event = registration.event
    token = cancel_link_token(registration)
    notification_create(
        recipient=user,
        key=key,
        context={
            "name": registration.lawyer.name,
            "title": event.title,
            "starts_at": timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M"),
            "venue": event.venue,
            "status": registration.status,
            "option": registration.option.name if registration.option else "",
            "cancel_url": reverse("events:cancel_link", args=[token]),
        },
        url=reverse("events:event", args=[event.pk]),
    )


def cancel_link_token(registration: Registration) -> str:
    return link_token(salt=CANCEL_LINK_SALT, pk=registration.pk, nonce=registration.link_nonce)


def _check_lawyer(lawyer: Lawyer) -> None:
    if lawyer.status != LawyerStatus.PRACTISING:
        raise DomainError(_("仅执业律师可报名活动。"))


def registration_create(
    *,
    event: Event,
    lawyer: Lawyer,
    option: EventOption | None = None,
    now: dt.datetime | None = None,
) -> Registration:
    """Take a place, or a place on the waitlist when the event is full."""
    now = now or timezone.now()
    _check_lawyer(lawyer)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not event.published:
            raise DomainError(_("该活动尚未开放报名。"))
        if event.starts_at <= now:
            raise DomainError(_("活动已开始，报名已截止。"))
        options = list(event.options.all())
        if options and (option is None or option.event_id != event.pk):
            raise DomainError(_("请选择报名项目。"))
        if not options:
            option = None
        if (
            Registration.objects.filter(event=event, lawyer=lawyer)
            .exclude(status=RegistrationStatus.CANCELLED)
            .exists()
        ):
            raise DomainError(_("您已报名该活动。"))
        if event.registered_count < event.capacity:
            status = RegistrationStatus.REGISTERED
            event.registered_count += 1
            event.save(update_fields=["registered_count"])
        else:
            status = RegistrationStatus.WAITLISTED
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event, lawyer=lawyer, option=option, status=status, created_at=now
                )
        except IntegrityError as exc:  # pragma: no cover - the event lock serialises this
            raise DomainError(_("您已报名该活动。")) from exc
        registration.event = event
        _notify(registration, KEY_REGISTERED)
    return registration


def _promote_next(event: Event, now: dt.datetime) -> Registration | None:
    """The longest-waiting registration takes the free place (event row already locked)."""
    nxt = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("lawyer__user", "option")
        .filter(event=event, status=RegistrationStatus.WAITLISTED)
        .order_by("created_at", "pk")
        .first()
    )
    if nxt is None or event.registered_count >= event.capacity:
        return None
    nxt.status = RegistrationStatus.REGISTERED
    nxt.promoted_at = now
    nxt.save(update_fields=["status", "promoted_at"])
    event.registered_count += 1
    event.save(update_fields=["registered_count"])
    nxt.event = event
    _notify(nxt, KEY_PROMOTED)
    return nxt


def _places_taken(event: Event) -> int:
    return Registration.objects.filter(
        event=event,
        status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED],
    ).count()


def registration_cancel(
    *, registration: Registration, now: dt.datetime | None = None
) -> Registration | None:
    """Cancel; a freed place goes to the first on the waitlist in the same transaction.
    Returns the promoted registration, if any."""
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in (
            RegistrationStatus.REGISTERED,
            RegistrationStatus.WAITLISTED,
        ):
            raise DomainError(_("该报名已取消或已签到，无法取消。"))
        if event.starts_at <= now:
            raise DomainError(_("活动已开始，不能再取消报名。"))
        held_place = registration.status == RegistrationStatus.REGISTERED
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.link_nonce = secrets.token_urlsafe(12)
        registration.save(update_fields=["status", "cancelled_at", "link_nonce"])
        if not held_place:
            return None
        # Recounted under the event lock rather than decremented: a row that staff
        # created outside the services cannot drive the count below the truth.
        event.registered_count = _places_taken(event)
        event.save(update_fields=["registered_count"])
        return _promote_next(event, now)


def registration_cancel_by_link(*, token: str, now: dt.datetime | None = None) -> Registration:
    """Cancel from the e-mail link. Raises LinkError("tampered"/"expired"/"used")."""
    payload = link_read(salt=CANCEL_LINK_SALT, token=token, max_age=CANCEL_LINK_MAX_AGE)
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event")
            .filter(pk=payload.pk)
            .first()
        )
        if registration is None:
            raise LinkError("tampered")
        if not secrets.compare_digest(registration.link_nonce, payload.nonce):
            raise LinkError("used")
        registration_cancel(registration=registration, now=now)
        registration.refresh_from_db()
    return registration


def checkin(*, lawyer: Lawyer, code: str, now: dt.datetime | None = None) -> Registration:
    """Check in at the venue with the code read out there; an event with CLE credit
    credits the lawyer's hours through the CLE academy (idempotent per registration)."""
    now = now or timezone.now()
    code = (code or "").strip().upper()
    if not code:
        raise DomainError(_("请输入签到码。"))
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event")
            .filter(
                lawyer=lawyer,
                event__checkin_code=code,
                event__published=True,
                status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED],
            )
            .first()
        )
        if registration is None:
            raise DomainError(_("签到码无效，或您未报名该活动。"))
        event = registration.event
        if now < event.starts_at - CHECKIN_EARLY or now > event.ends_at:
            raise DomainError(_("不在签到时间内（开始前 30 分钟至结束）。"))
        if registration.status == RegistrationStatus.ATTENDED:
            raise DomainError(_("您已签到。"))
        registration.status = RegistrationStatus.ATTENDED
        registration.checked_in_at = now
        registration.save(update_fields=["status", "checked_in_at"])
        if event.cle_minutes:
            from apps.learning.models import Mode
            from apps.learning.services import credit_record

            credit_record(
                lawyer=lawyer,
                minutes=event.cle_minutes,
                mode=Mode.ONSITE,
                title=event.title,
                credited_on=timezone.localdate(now),
                reference=f"events:registration:{registration.pk}",
            )
    return registration


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind everyone registered for an event starting within 48 hours, once each."""
    now = now or timezone.now()
    sent = 0
    pending = Registration.objects.filter(
        status=RegistrationStatus.REGISTERED,
        reminded_at__isnull=True,
        event__published=True,
        event__starts_at__gt=now,
        event__starts_at__lte=now + REMINDER_AHEAD,
    ).values_list("pk", flat=True)
    for pk in list(pending):
        with transaction.atomic():
            registration = (
                Registration.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("event", "lawyer__user", "option")
                .filter(pk=pk, reminded_at__isnull=True)
                .first()
            )
            if registration is None:
                continue
            registration.reminded_at = now
            registration.save(update_fields=["reminded_at"])
            _notify(registration, KEY_REMINDER)
            sent += 1
    return sent


def calendar_feed_get_or_create(*, lawyer: Lawyer, renew: bool = False) -> CalendarFeed:
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(
            lawyer=lawyer, defaults={"token": secrets.token_urlsafe(32)}
        )
        if renew and not created:
            feed.token = secrets.token_urlsafe(32)
            feed.save(update_fields=["token"])
    return feed


@transaction.atomic
def club_join(*, club: Club, lawyer: Lawyer) -> ClubMembership:
    _check_lawyer(lawyer)
    membership, _created = ClubMembership.objects.get_or_create(club=club, lawyer=lawyer)
    return membership


@transaction.atomic
def club_leave(*, club: Club, lawyer: Lawyer) -> None:
    ClubMembership.objects.filter(club=club, lawyer=lawyer).delete()


def vote_cast(
    *, contest: Contest, entry_id: int, lawyer: Lawyer, now: dt.datetime | None = None
) -> Vote:
    """One vote per member per category: the database refuses the second."""
    now = now or timezone.now()
    _check_lawyer(lawyer)
    if not contest.published:
        raise DomainError(_("该评选尚未发布。"))
    if now < contest.voting_opens_at:
        raise DomainError(_("投票尚未开始。"))
    if now >= contest.voting_closes_at:
        raise DomainError(_("投票已截止。"))
    entry = (
        Entry.objects.select_related("category")
        .filter(pk=entry_id, category__contest=contest)
        .first()
    )
    if entry is None:
        raise DomainError(_("请选择本次评选中的参评项目。"))
    try:
        with transaction.atomic():
            return Vote.objects.create(
                category=entry.category, entry=entry, lawyer=lawyer, created_at=now
            )
    except IntegrityError as exc:
        raise DomainError(
            _("您已在“%(category)s”类别投过票，每个类别限投一票。")
            % {"category": entry.category.name}
        ) from exc

"""Registration rules: capacity, waitlist, promotion on cancellation, reminders, check-in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from apps.core.exceptions import DomainError
from apps.events import services
from apps.events.models import Event, Registration, RegistrationStatus
from apps.learning.models import CreditEntry
from apps.members.models import LawyerStatus
from apps.notifications.models import Notification
from tests.members.factories import LawyerFactory

from .factories import EventFactory, MarathonFactory

pytestmark = pytest.mark.django_db

R, W, C = RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED


@pytest.mark.parametrize(
    ("capacity", "signups", "cancel", "expected", "count"),
    [
        # capacity 2, three sign up: the third waits
        (2, 3, None, [R, R, W], 2),
        # a registered lawyer cancels: the first on the waitlist is promoted
        (2, 4, 0, [C, R, R, W], 2),
        # a waitlisted lawyer cancels: nobody moves, the count is unchanged
        (2, 4, 3, [R, R, W, C], 2),
        # nobody waiting: the place stays free
        (2, 2, 1, [R, C], 1),
        # capacity 1, queue of three: promotion is first come, first served
        (1, 4, 0, [C, R, W, W], 1),
    ],
)
def test_capacity_and_waitlist_rules(capacity, signups, cancel, expected, count):
    event = EventFactory(capacity=capacity)
    lawyers = LawyerFactory.create_batch(signups)
    base = timezone.now()
    regs = [
        services.registration_create(event=event, lawyer=lawyer, now=base + dt.timedelta(seconds=i))
        for i, lawyer in enumerate(lawyers)
    ]
    if cancel is not None:
        services.registration_cancel(registration=regs[cancel])
    statuses = [Registration.objects.get(pk=r.pk).status for r in regs]
    event.refresh_from_db()
    assert (statuses, event.registered_count) == (expected, count)


def test_registering_twice_is_refused():
    event = EventFactory()
    lawyer = LawyerFactory()
    services.registration_create(event=event, lawyer=lawyer)
    with pytest.raises(DomainError, match="已报名"):
        services.registration_create(event=event, lawyer=lawyer)


def test_cancelled_lawyer_may_register_again():
    event = EventFactory()
    lawyer = LawyerFactory()
    first = services.registration_create(event=event, lawyer=lawyer)
    services.registration_cancel(registration=first)
    again = services.registration_create(event=event, lawyer=lawyer)
    assert again.status == R


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"published": False}, "尚未开放"),
        ({"starts_at_days": -1}, "已开始"),
    ],
)
def test_registration_refused_when_closed(change, message):
    event = EventFactory(published=change.get("published", True))
    if "starts_at_days" in change:
        Event.objects.filter(pk=event.pk).update(
            starts_at=timezone.now() - dt.timedelta(hours=1),
            ends_at=timezone.now() + dt.timedelta(hours=1),
        )
    with pytest.raises(DomainError, match=message):
        services.registration_create(event=event, lawyer=LawyerFactory())


def test_suspended_lawyer_cannot_register():
    with pytest.raises(DomainError, match="仅执业律师"):
        services.registration_create(
            event=EventFactory(), lawyer=LawyerFactory(status=LawyerStatus.SUSPENDED)
        )


def test_marathon_needs_a_distance_of_its_own():
    marathon = MarathonFactory()
    other = MarathonFactory()
    with pytest.raises(DomainError, match="请选择"):
        services.registration_create(event=marathon, lawyer=LawyerFactory())
    with pytest.raises(DomainError, match="请选择"):
        services.registration_create(
            event=marathon, lawyer=LawyerFactory(), option=other.options.first()
        )
    half = marathon.options.get(name="半程马拉松")
    reg = services.registration_create(event=marathon, lawyer=LawyerFactory(), option=half)
    assert reg.option == half


def test_promotion_notifies_the_promoted_lawyer(lawyer, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    first = services.registration_create(event=event, lawyer=LawyerFactory())
    services.registration_create(event=event, lawyer=lawyer)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first)
    notice = Notification.objects.filter(recipient=lawyer.user, key="events_promoted").get()
    assert notice.context["title"] == event.title
    assert any("/portal/events/link/cancel/" in m.body for m in mail.outbox)


def test_reminders_go_once_to_registered_lawyers_of_events_within_48_hours(lawyer):
    soon = EventFactory(starts_at=timezone.now() + dt.timedelta(hours=20))
    later = EventFactory(starts_at=timezone.now() + dt.timedelta(days=10))
    services.registration_create(event=soon, lawyer=lawyer)
    services.registration_create(event=later, lawyer=lawyer)
    assert services.reminders_send() == 1
    assert services.reminders_send() == 0
    assert Notification.objects.filter(recipient=lawyer.user, key="events_reminder").count() == 1


def test_checkin_credits_cle_hours_once():
    now = timezone.now()
    event = EventFactory(
        starts_at=now + dt.timedelta(minutes=10), cle_minutes=90, checkin_code="SALON1"
    )
    lawyer = LawyerFactory()
    services.registration_create(event=event, lawyer=lawyer, now=now - dt.timedelta(days=1))
    services.checkin(lawyer=lawyer, code="salon1", now=now)
    with pytest.raises(DomainError, match="已签到"):
        services.checkin(lawyer=lawyer, code="SALON1", now=now)
    credit = CreditEntry.objects.get(lawyer=lawyer)
    assert (credit.minutes, credit.mode) == (90, "onsite")


@pytest.mark.parametrize(
    ("code", "offset_minutes", "message"),
    [("WRONG", 0, "签到码无效"), ("EARLY1", -120, "不在签到时间")],
)
def test_checkin_refusals(code, offset_minutes, message):
    now = timezone.now()
    event = EventFactory(starts_at=now + dt.timedelta(minutes=10), checkin_code="EARLY1")
    lawyer = LawyerFactory()
    services.registration_create(event=event, lawyer=lawyer, now=now - dt.timedelta(days=1))
    with pytest.raises(DomainError, match=message):
        services.checkin(lawyer=lawyer, code=code, now=now + dt.timedelta(minutes=offset_minutes))

"""Retention (issue 14, item 7): visit bookings older than BOOKINGS_RETENTION_DAYS lose
the detainee's and client's names and the case; the counts stay; recent ones are kept.
Two old bookings of the same half-day at the same facility do not collide."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from apps.bookings.models import Booking
from apps.bookings.retention import ANONYMISED
from apps.bookings.tasks import bookings_retention
from tests.bookings.factories import SlotFactory
from tests.members.factories import LawyerFactory

pytestmark = pytest.mark.django_db


def _booking(slot, date, detainee):
    return Booking.objects.create(
        slot=slot,
        lawyer=LawyerFactory(),
        facility=slot.room.facility,
        date=date,
        half=slot.half,
        detainee_name=detainee,
        client_name="周美玲",
        case_reference="涉嫌盗窃罪",
    )


def test_old_bookings_are_anonymised_and_counted_still(settings):
    settings.BOOKINGS_RETENTION_DAYS = 365
    today = timezone.localdate()
    slot = SlotFactory(capacity=5)
    old_day = today - dt.timedelta(days=400)
    old = [_booking(slot, old_day, "周志强"), _booking(slot, old_day, "吴海")]
    recent = _booking(slot, today - dt.timedelta(days=30), "郑华")

    assert bookings_retention.delay().get() == 2

    for booking in old:
        booking.refresh_from_db()
        assert booking.detainee_name.startswith(ANONYMISED)
        assert booking.client_name == ANONYMISED
        assert booking.case_reference == ""
        assert booking.status == "booked"
    assert len({b.detainee_name for b in old}) == 2  # unique per booking
    recent.refresh_from_db()
    assert recent.detainee_name == "郑华"
    assert Booking.objects.filter(date=old_day).count() == 2
    assert bookings_retention.delay().get() == 0  # idempotent


def test_the_job_is_scheduled_in_the_database():
    task = PeriodicTask.objects.get(task="apps.bookings.tasks.bookings_retention")
    assert task.enabled

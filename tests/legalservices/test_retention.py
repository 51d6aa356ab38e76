"""Retention (issue 14, item 7): consultation and mediation requests concluded longer ago
than LEGALSERVICES_RETENTION_DAYS lose the requester's personal data — in the row and in
its audit history — while the counts for statistics stay; open or recent ones are kept.
The job is scheduled in the database like the others."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from apps.legalservices.models import ConsultationRequest, MediationRequest, SlotBooking
from apps.legalservices.services.retention import ANONYMISED
from apps.legalservices.tasks import legalservices_retention
from apps.members.models import District
from tests.legalservices.factories import EventSlotFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
OLD = NOW - dt.timedelta(days=800)


def _consultation(ref, *, status, answered_at, **kwargs):
    c = ConsultationRequest.objects.create(
        reference=ref,
        topic="labour",
        description="公司拖欠我三个月工资，我叫王秀英。",
        name="王秀英",
        contact_method="phone",
        phone="13812345678",
        email="wangxiuying@example.cn",
        district=District.objects.get(code="310106"),
        due_on=timezone.localdate(),
        status=status,
        answered_at=answered_at,
        answer="建议先申请劳动仲裁。",
        **kwargs,
    )
    c.name = "王秀英"  # a second history row, as an edit in admin would leave
    c.save()
    return c


def _mediation(ref, *, status, closed_at):
    return MediationRequest.objects.create(
        reference=ref,
        name="李建国",
        phone="13712345678",
        other_party="赵德明",
        dispute="装修款结算纠纷。",
        status=status,
        closed_at=closed_at,
    )


def test_old_concluded_requests_are_anonymised_with_their_history(settings):
    settings.LEGALSERVICES_RETENTION_DAYS = 730
    old = _consultation("ZX2024-000001", status="answered", answered_at=OLD)
    recent = _consultation("ZX2026-000002", status="answered", answered_at=NOW)
    still_open = _consultation("ZX2024-000003", status="new", answered_at=None)
    old_mediation = _mediation("TJ2024-000001", status="settled", closed_at=OLD)
    open_mediation = _mediation("TJ2024-000002", status="in_progress", closed_at=None)

    old_slot = EventSlotFactory(
        event__starts_at=OLD, starts_at=OLD, ends_at=OLD + dt.timedelta(minutes=30)
    )
    old_booking = SlotBooking.objects.create(
        slot=old_slot, reference="YY2024-000001", name="陈桂兰", phone="13612345678"
    )
    other_booking = SlotBooking.objects.create(
        slot=old_slot, reference="YY2024-000002", name="孙丽", phone="13612340000"
    )
    recent_booking = SlotBooking.objects.create(
        slot=EventSlotFactory(), reference="YY2026-000003", name="刘芳", phone="13612349999"
    )

    result = legalservices_retention.delay().get()
    assert result == {"consultations": 1, "mediations": 1, "slot_bookings": 2}

    old.refresh_from_db()
    assert (old.name, old.phone, old.email, old.description, old.answer) == (
        ANONYMISED,
        ANONYMISED,
        ANONYMISED,
        "",
        "",
    )
    # What statistics need stays.
    assert (old.reference, old.topic, old.status, old.district.code) == (
        "ZX2024-000001",
        "labour",
        "answered",
        "310106",
    )
    for record in old.history.all():
        assert "王秀英" not in (record.name + record.description)
        assert "13812345678" not in record.phone

    old_mediation.refresh_from_db()
    assert old_mediation.name == old_mediation.phone == old_mediation.other_party == ANONYMISED
    assert old_mediation.dispute == ""
    assert all(r.name == ANONYMISED for r in old_mediation.history.all())

    for kept in (recent, still_open, open_mediation):
        kept.refresh_from_db()
        assert kept.name != ANONYMISED
    assert ConsultationRequest.objects.count() == 3
    assert MediationRequest.objects.count() == 2

    old_booking.refresh_from_db()
    other_booking.refresh_from_db()
    recent_booking.refresh_from_db()
    assert old_booking.name == other_booking.name == ANONYMISED
    assert old_booking.phone != other_booking.phone  # one phone per slot, still
    assert "1361234" not in old_booking.phone + other_booking.phone
    assert recent_booking.name == "刘芳"
    assert SlotBooking.objects.filter(slot=old_slot).count() == 2

    # Idempotent: nothing left to do.
    assert legalservices_retention.delay().get() == {
        "consultations": 0,
        "mediations": 0,
        "slot_bookings": 0,
    }


def test_an_empty_contact_stays_empty():
    c = _consultation("ZX2024-000009", status="closed", answered_at=OLD)
    ConsultationRequest.objects.filter(pk=c.pk).update(email="")
    legalservices_retention.delay().get()
    c.refresh_from_db()
    assert c.email == ""
    assert c.phone == ANONYMISED


def test_the_job_is_scheduled_in_the_database():
    task = PeriodicTask.objects.get(task="apps.legalservices.tasks.legalservices_retention")
    assert task.enabled
    assert task.crontab is not None

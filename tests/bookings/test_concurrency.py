"""Slot capacity and conflict rules hold under simultaneous requests (real PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from apps.bookings import services
from apps.bookings.models import Booking, Slot
from apps.core.exceptions import DomainError
from tests.members.factories import LawyerFactory

from .factories import SlotFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _race(kwargs_list: list[dict]) -> list[str]:
    barrier = threading.Barrier(len(kwargs_list))
    results: list[str] = []
    lock = threading.Lock()

    def run(kwargs) -> None:
        try:
            barrier.wait()
            services.booking_create(client_name="委托人", case_reference="涉嫌盗窃罪", **kwargs)
            outcome = "ok"
        except DomainError:
            outcome = "refused"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(k,)) for k in kwargs_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_concurrent_bookings_never_exceed_slot_capacity():
    slot = SlotFactory(capacity=2)
    lawyers = LawyerFactory.create_batch(8)
    results = _race(
        [
            {"slot_id": slot.pk, "lawyer": lw, "detainee_name": f"在押人员{i}"}
            for i, lw in enumerate(lawyers)
        ]
    )
    assert results.count("ok") == 2
    assert Slot.objects.get(pk=slot.pk).booked_count == 2
    assert Booking.objects.filter(slot=slot).count() == 2


def test_the_same_detainee_booked_at_once_by_two_lawyers_is_booked_once():
    slot = SlotFactory(capacity=5)
    lawyers = LawyerFactory.create_batch(4)
    results = _race(
        [{"slot_id": slot.pk, "lawyer": lw, "detainee_name": "同一人"} for lw in lawyers]
    )
    assert results.count("ok") == 1
    # The losers' places were rolled back with their transactions.
    assert Slot.objects.get(pk=slot.pk).booked_count == 1

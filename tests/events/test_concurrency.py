"""Capacity and one-vote rules hold under simultaneous requests (real PostgreSQL, threads)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from apps.core.exceptions import DomainError
from apps.events import services
from apps.events.models import Event, Registration, RegistrationStatus, Vote
from tests.members.factories import LawyerFactory

from .factories import EntryFactory, EventFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _race(calls: list[Callable[[], object]]) -> list[str]:
    barrier = threading.Barrier(len(calls))
    results: list[str] = []
    lock = threading.Lock()

    def run(call) -> None:
        try:
            barrier.wait()
            call()
            outcome = "ok"
        except DomainError:
            outcome = "refused"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_concurrent_signups_never_exceed_capacity_and_the_rest_wait():
    event = EventFactory(capacity=3)
    lawyers = LawyerFactory.create_batch(10)
    results = _race(
        [
            (lambda lw=lw: services.registration_create(event=Event(pk=event.pk), lawyer=lw))
            for lw in lawyers
        ]
    )
    event.refresh_from_db()
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert results.count("ok") == 10
    assert event.registered_count == 3
    assert statuses.count(RegistrationStatus.REGISTERED) == 3
    assert statuses.count(RegistrationStatus.WAITLISTED) == 7


def test_concurrent_cancellations_promote_exactly_as_many_as_freed():
    event = EventFactory(capacity=3)
    lawyers = LawyerFactory.create_batch(6)
    regs = [services.registration_create(event=event, lawyer=lw) for lw in lawyers]
    _race([(lambda r=r: services.registration_cancel(registration=r)) for r in regs[:3]])
    event.refresh_from_db()
    registered = Registration.objects.filter(event=event, status=RegistrationStatus.REGISTERED)
    assert event.registered_count == 3
    assert set(registered.values_list("pk", flat=True)) == {r.pk for r in regs[3:]}


def test_the_same_member_voting_twice_at_once_counts_once():
    entry = EntryFactory()
    other = EntryFactory(category=entry.category)
    contest = entry.category.contest
    lawyer = LawyerFactory()
    results = _race(
        [
            (lambda e=e: services.vote_cast(contest=contest, entry_id=e.pk, lawyer=lawyer))
            for e in [entry, other, entry, other]
        ]
    )
    assert results.count("ok") == 1
    assert Vote.objects.filter(lawyer=lawyer).count() == 1

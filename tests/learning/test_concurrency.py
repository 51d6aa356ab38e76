"""Capacity holds when many lawyers enrol at the same moment (real PostgreSQL, threads)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from apps.core.exceptions import DomainError
from apps.learning import services
from apps.learning.models import Course, Enrolment, EnrolmentStatus
from tests.members.factories import LawyerFactory

from .factories import OnsiteCourseFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _race(course: Course, lawyers: list) -> tuple[int, int]:
    barrier = threading.Barrier(len(lawyers))
    results: list[str] = []
    lock = threading.Lock()

    def enrol(lawyer) -> None:
        try:
            barrier.wait()
            services.enrolment_create(course=Course.objects.get(pk=course.pk), lawyer=lawyer)
            outcome = "ok"
        except DomainError:
            outcome = "refused"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=enrol, args=(lawyer,)) for lawyer in lawyers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results.count("ok"), results.count("refused")


def test_concurrent_enrolments_never_overbook_a_course():
    course = OnsiteCourseFactory(capacity=3)
    lawyers = LawyerFactory.create_batch(10)
    ok, refused = _race(course, lawyers)
    course.refresh_from_db()
    active = Enrolment.objects.filter(course=course, status=EnrolmentStatus.ENROLLED).count()
    assert (ok, refused, active, course.enrolled_count) == (3, 7, 3, 3)


def test_the_same_lawyer_enrolling_twice_at_once_is_enrolled_once():
    course = OnsiteCourseFactory(capacity=5)
    lawyer = LawyerFactory()
    ok, refused = _race(course, [lawyer] * 4)
    course.refresh_from_db()
    assert (ok, refused, course.enrolled_count) == (1, 3, 1)

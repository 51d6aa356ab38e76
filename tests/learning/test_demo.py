"""The CLE demo seed never books an on-site room beyond its capacity, however many lawyers
the scale samples (the city seed used to fail on ``learning_course_not_overbooked``)."""

from __future__ import annotations

import random

import pytest
from django.db.models import Count

from apps.learning import demo
from apps.learning.models import Course
from tests.members.factories import LawyerFactory

pytestmark = pytest.mark.django_db


def test_onsite_courses_are_filled_at_most_to_capacity(monkeypatch):
    LawyerFactory.create_batch(60)
    original = demo._courses

    def small_rooms(rng, now):
        courses = original(rng, now)
        for course in courses:
            if course.is_onsite:
                course.capacity = 8  # far fewer seats than lawyers who would come
                Course.objects.filter(pk=course.pk).update(capacity=8)
        return courses

    monkeypatch.setattr(demo, "_courses", small_rooms)

    demo.seed_learning(scale="small", rng=random.Random(7))

    onsite = Course.objects.filter(capacity__isnull=False).annotate(n=Count("enrolments"))
    assert onsite.exists()
    assert any(course.n > 0 for course in onsite)
    for course in onsite:
        assert course.n <= course.capacity
        assert course.enrolled_count == course.n

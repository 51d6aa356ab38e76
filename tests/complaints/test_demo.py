"""seed_complaints: every workflow state, consistent timelines, idempotent."""

from __future__ import annotations

import random

import pytest

from apps.complaints.demo import seed_complaints
from apps.complaints.models import Complaint, State
from apps.members.demo import seed_members

pytestmark = pytest.mark.django_db


def test_seed_covers_every_state_and_is_idempotent(django_capture_on_commit_callbacks):
    seed_members(scale="small", rng=random.Random("m"))
    with django_capture_on_commit_callbacks(execute=True):
        seed_complaints(scale="small", rng=random.Random("c"))
    states = set(Complaint.objects.values_list("state", flat=True))
    assert states == set(State.values) - {State.ACCEPTED}  # accepted is passed through at once
    count = Complaint.objects.count()
    assert all(c.events.exists() for c in Complaint.objects.all())
    seed_complaints(scale="small", rng=random.Random("c"))
    assert Complaint.objects.count() == count == 36

from __future__ import annotations

import random

import pytest

from apps.legalservices.demo import seed_legalservices
from apps.legalservices.models import (
    EventSlot,
    LawyerSearchEntry,
    OverseasOffice,
    ProBonoEvent,
    ProBonoRecord,
)
from apps.legalservices.selectors.probono import probono_totals
from apps.members.demo import seed_members
from apps.members.models import Lawyer

pytestmark = pytest.mark.django_db


def test_small_demo_is_complete_and_idempotent(client):
    seed_members(scale="small", rng=random.Random(7))
    seed_legalservices(scale="small", rng=random.Random(7))
    counts = (
        OverseasOffice.objects.count(),
        ProBonoEvent.objects.count(),
        ProBonoRecord.objects.count(),
        LawyerSearchEntry.objects.count(),
    )
    assert counts[3] == Lawyer.objects.count()
    assert OverseasOffice.objects.filter(country="SG", city="新加坡").exists()
    assert set(OverseasOffice.objects.values_list("country", flat=True)) >= {
        "SG",
        "GB",
        "US",
        "JP",
        "AE",
    }
    assert EventSlot.objects.filter(
        event__starts_at__gt=ProBonoEvent.objects.order_by("starts_at").first().starts_at
    ).exists()
    assert probono_totals().total > 500
    seed_legalservices(scale="small", rng=random.Random(8))
    assert (
        OverseasOffice.objects.count(),
        ProBonoEvent.objects.count(),
        ProBonoRecord.objects.count(),
        LawyerSearchEntry.objects.count(),
    ) == counts
    # The seeded lookup answers pinyin at once.
    name = Lawyer.objects.order_by("pk").first().name
    from apps.legalservices.pinyin import primary_pinyin

    response = client.get("/lawyers/", {"q": primary_pinyin(name).replace(" ", "")})
    assert name in [entry.name for entry in response.context["page_obj"]]

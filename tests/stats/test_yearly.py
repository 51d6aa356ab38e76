"""Yearly snapshots: past years stay as they were reported."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core.exceptions import DomainError
from apps.stats.models import YearlySnapshot
from apps.stats.services.yearly import yearly_snapshot_record, yearly_snapshots_take

pytestmark = pytest.mark.django_db

CURRENT = {"members": 120, "firms": 12, "party_members": 50, "probono": 300}


def test_closed_year_snapshot_cannot_be_overwritten():
    year = timezone.localdate().year - 1
    yearly_snapshot_record(year=year, metric="members", value=100)
    with pytest.raises(DomainError):
        yearly_snapshot_record(year=year, metric="members", value=101)
    assert YearlySnapshot.objects.get(year=year, metric="members").value == Decimal(100)


def test_recording_the_same_value_for_a_closed_year_is_harmless():
    year = timezone.localdate().year - 1
    first = yearly_snapshot_record(year=year, metric="members", value=100)
    again = yearly_snapshot_record(year=year, metric="members", value=100)
    assert again.pk == first.pk
    assert again.taken_at == first.taken_at


def test_open_year_is_updated_by_each_run():
    today = timezone.localdate()
    yearly_snapshot_record(year=today.year, metric="members", value=100)
    yearly_snapshot_record(year=today.year, metric="members", value=110)
    assert YearlySnapshot.objects.get(year=today.year, metric="members").value == 110


def test_unknown_metric_is_refused():
    with pytest.raises(DomainError):
        yearly_snapshot_record(year=2020, metric="lawyers_on_mars", value=1)


def test_beat_run_in_january_closes_last_year_once_and_keeps_it():
    jan = dt.date(timezone.localdate().year, 1, 2)
    yearly_snapshots_take(current=CURRENT, today=jan)
    closed = YearlySnapshot.objects.get(year=jan.year - 1, metric="members")
    assert closed.value == 120
    # Later runs (data changed since) leave the closed year alone, update the open one.
    yearly_snapshots_take(current={**CURRENT, "members": 130}, today=jan + dt.timedelta(days=1))
    closed.refresh_from_db()
    assert closed.value == 120
    assert YearlySnapshot.objects.get(year=jan.year, metric="members").value == 130


def test_beat_run_later_in_the_year_does_not_invent_last_year():
    june = dt.date(timezone.localdate().year, 6, 1)
    yearly_snapshots_take(current=CURRENT, today=june)
    assert not YearlySnapshot.objects.filter(year=june.year - 1).exists()
    assert YearlySnapshot.objects.filter(year=june.year).count() == 4


def test_beat_task_takes_this_years_snapshot_from_the_live_figures():
    from apps.stats.tasks import yearly_snapshots_take_task

    yearly_snapshots_take_task.delay()
    year = timezone.localdate().year
    assert set(YearlySnapshot.objects.filter(year=year).values_list("metric", flat=True)) == {
        "members",
        "firms",
        "party_members",
        "probono",
    }


def test_demo_seeds_past_years_with_growth():
    import random

    from apps.stats.demo import seed_stats
    from tests.members.factories import LawFirmFactory, LawyerFactory, MembershipFactory

    firm = LawFirmFactory()
    MembershipFactory(lawyer=None, firm=firm)
    for _ in range(5):
        MembershipFactory(lawyer=LawyerFactory(firm=firm))
    seed_stats(scale="small", rng=random.Random(1))
    year = timezone.localdate().year
    members = list(
        YearlySnapshot.objects.filter(metric="members", year__lt=year)
        .order_by("year")
        .values_list("value", flat=True)
    )
    assert len(members) == 6
    assert members == sorted(members)

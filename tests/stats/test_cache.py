"""The snapshot is computed once, served from cache, and dropped when data changes."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import transaction

from apps.core.figures import key_figures_get
from apps.members.models import LawyerStatus
from apps.stats.services import snapshot as snap
from apps.stats.services.snapshot import snapshot_version, stats_invalidate, stats_snapshot
from tests.members.factories import LawFirmFactory, LawyerFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _members(n: int) -> None:
    """n individual members at one new member firm (committed: on_commit callbacks run)."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        _members_uncommitted(n)


def _members_uncommitted(n: int) -> None:
    firm = LawFirmFactory()
    MembershipFactory(lawyer=None, firm=firm)
    for _ in range(n):
        MembershipFactory(lawyer=LawyerFactory(firm=firm))


def _individual(snapshot) -> int:
    return dict(snapshot["figures"]["members-overview"]["rows"])["individual"]


def test_warm_snapshot_costs_no_queries(django_assert_num_queries):
    _members(2)
    stats_snapshot()
    with django_assert_num_queries(0):
        assert _individual(stats_snapshot()) == 2


def test_saving_a_member_bumps_the_version_and_the_figure_follows(
    django_capture_on_commit_callbacks,
):
    _members(1)
    assert _individual(stats_snapshot()) == 1
    before = snapshot_version()
    with django_capture_on_commit_callbacks(execute=True):
        _members(2)
    assert snapshot_version() > before
    assert _individual(stats_snapshot()) == 3


def test_deleting_data_invalidates_too(django_capture_on_commit_callbacks):
    _members(2)
    with django_capture_on_commit_callbacks(execute=True):
        membership = MembershipFactory(lawyer=LawyerFactory(firm=LawFirmFactory()))
    assert _individual(stats_snapshot()) == 3
    with django_capture_on_commit_callbacks(execute=True):
        membership.delete()
    assert _individual(stats_snapshot()) == 2


def test_a_bulk_change_in_one_transaction_bumps_once(django_capture_on_commit_callbacks):
    _members(1)
    stats_snapshot()
    before = snapshot_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        firm = LawFirmFactory()
        for _ in range(20):
            lawyer = LawyerFactory(firm=firm)
            lawyer.status = LawyerStatus.SUSPENDED
            lawyer.save()
    bumps = [c for c in callbacks if getattr(c, "stats_bump", False)]
    assert len(bumps) == 1
    assert snapshot_version() == before + 1


def test_refresh_is_scheduled_at_most_once_per_debounce_window(monkeypatch):
    scheduled = []
    monkeypatch.setattr(
        "apps.stats.tasks.stats_snapshot_refresh_task.apply_async",
        lambda **kwargs: scheduled.append(kwargs),
    )
    for _ in range(5):
        stats_invalidate()
    assert scheduled == [{"countdown": snap.REFRESH_DEBOUNCE}]


def test_while_one_process_computes_others_get_the_last_snapshot(django_assert_num_queries):
    _members(1)
    first = stats_snapshot()
    stats_invalidate(schedule_refresh=False)
    cache.add(snap.LOCK_KEY, "someone else", 60)  # another worker is computing
    with django_assert_num_queries(0):
        assert stats_snapshot()["as_of"] == first["as_of"]


def test_home_key_figures_read_the_stats_snapshot(django_assert_num_queries):
    _members(3)
    snapshot = stats_snapshot()
    with django_assert_num_queries(0):
        figures = {f.key: f.value for f in key_figures_get()}
    assert figures["members.lawyers"] == 3 == snapshot["current"]["members"]
    assert figures["members.firms"] == 1
    assert figures["legalservices.probono"] == snapshot["current"]["probono"]
    assert figures["partyorg.organizations"] == snapshot["figures"]["_party"]["organizations"]


def test_home_key_figures_follow_a_change(django_capture_on_commit_callbacks):
    _members(1)
    assert {f.key: f.value for f in key_figures_get()}["members.lawyers"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        _members(1)
    assert {f.key: f.value for f in key_figures_get()}["members.lawyers"] == 2


def test_beat_refresh_task_recomputes_for_the_current_version():
    from apps.stats.tasks import stats_snapshot_refresh_task

    _members(1)
    stats_snapshot_refresh_task.delay()
    version = snapshot_version()
    assert cache.get(f"stats:snapshot:{version}") is not None


@pytest.mark.parametrize("size", [2, 30])
def test_stats_page_from_warm_cache_has_a_small_constant_query_count(
    anonymous, size, django_assert_max_num_queries
):
    _members(size)
    assert anonymous.get("/stats/").status_code == 200  # warms the cache
    with django_assert_max_num_queries(5):
        response = anonymous.get("/stats/")
    assert response.status_code == 200
    assert f'data-value="{size}"' in response.content.decode()


def test_pages_never_compute_the_slow_cle_figure_the_refresh_does(monkeypatch):
    from apps.stats import figures as fig

    calls = []
    real = fig.compute_cle
    monkeypatch.setattr(fig, "compute_cle", lambda today: calls.append(today) or real(today))
    scheduled = []
    monkeypatch.setattr(
        "apps.stats.tasks.stats_snapshot_refresh_task.apply_async",
        lambda **kwargs: scheduled.append(kwargs),
    )
    _members(2)
    first = stats_snapshot()
    assert calls == []
    assert first["cle_pending"]
    assert "cle-compliance" not in first["figures"]
    assert len(scheduled) == 1  # the worker is asked to compute it

    snap.stats_snapshot_refresh()
    assert len(calls) == 1
    stats_invalidate(schedule_refresh=False)
    again = stats_snapshot()
    assert len(calls) == 1  # the page took the refreshed CLE figure as kept
    assert not again["cle_pending"]
    assert again["figures"]["cle-compliance"]["rows"][-1][1] == 2

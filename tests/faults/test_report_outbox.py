"""Report requests survive a broker outage (issue #14 item 5): the ``ReportRun`` row is
the durable outbox, the sweep publishes lost runs again once Redis is back, and a run is
built once however many messages name it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from apps.stats.models import ReportKind, ReportRun, RunStatus
from apps.stats.services.reports import report_run_request, report_runs_sweep
from tests.celery_support import DEAD_BROKER_URL, celery_conf

pytestmark = pytest.mark.django_db(transaction=True)


def _age(run: ReportRun, minutes: int) -> None:
    ReportRun.objects.filter(pk=run.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=minutes)
    )


def test_a_report_requested_while_the_broker_is_down_is_built_once_it_is_back(reports):
    with celery_conf(
        broker_url=DEAD_BROKER_URL,
        task_always_eager=False,
        task_publish_retry=False,
        broker_transport_options={"max_retries": 0},
    ):
        run, created = report_run_request(
            actor=reports, kind=ReportKind.DUES, params={"year": 2026}
        )
        assert created
        run.refresh_from_db()
        assert run.status == RunStatus.QUEUED  # the request committed; the message is lost

        # Still down: the sweep tries, nothing is lost and nothing runs.
        _age(run, 5)
        report_runs_sweep()
        run.refresh_from_db()
        assert run.status == RunStatus.QUEUED
        assert run.attempts == 0

    # Redis is back (tasks run eagerly here): the next sweep builds it, once.
    report_runs_sweep()
    report_runs_sweep()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.attempts == 1


def test_the_sweep_sends_lost_runs_again_and_each_is_built_once(reports):
    # Redis is back (tests run tasks eagerly): the sweep's message builds the run.
    run, _ = report_run_request(
        actor=reports, kind=ReportKind.DUES, params={"year": 2026}, enqueue=False
    )
    fresh, _ = report_run_request(
        actor=reports, kind=ReportKind.DUES, params={"year": 2025}, enqueue=False
    )
    _age(run, 5)

    assert report_runs_sweep() == 1  # the fresh one may still be on its way
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.attempts == 1
    assert run.pdf_file
    assert run.xlsx_file

    # Sweeping again never builds a finished run a second time.
    _age(fresh, 5)
    assert report_runs_sweep() == 1
    run.refresh_from_db()
    assert run.attempts == 1
    fresh.refresh_from_db()
    assert fresh.status == RunStatus.DONE


def test_a_run_stuck_after_its_worker_died_is_queued_again_and_built(reports, settings):
    run, _ = report_run_request(
        actor=reports, kind=ReportKind.DUES, params={"year": 2026}, enqueue=False
    )
    hard_limit = settings.CELERY_TASK_TIME_LIMIT
    ReportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING,
        attempts=1,
        created_at=timezone.now() - dt.timedelta(seconds=hard_limit + 600),
        started_at=timezone.now() - dt.timedelta(seconds=hard_limit + 60),
    )

    report_runs_sweep()

    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.attempts == 2


def test_a_run_still_within_its_time_limit_is_left_running(reports):
    run, _ = report_run_request(
        actor=reports, kind=ReportKind.DUES, params={"year": 2026}, enqueue=False
    )
    ReportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, attempts=1, started_at=timezone.now()
    )
    _age(run, 5)

    assert report_runs_sweep() == 0
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING

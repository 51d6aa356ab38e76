"""Thin Celery wrappers around apps.stats services."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="apps.stats.tasks.stats_snapshot_refresh_task", ignore_result=True)
def stats_snapshot_refresh_task() -> None:
    from .services.snapshot import stats_snapshot_refresh

    stats_snapshot_refresh()


@shared_task(name="apps.stats.tasks.yearly_snapshots_take_task", ignore_result=True)
def yearly_snapshots_take_task() -> None:
    from .services.snapshot import stats_snapshot_refresh
    from .services.yearly import yearly_snapshots_take

    snapshot = stats_snapshot_refresh()
    yearly_snapshots_take(current=snapshot["current"])


@shared_task(name="apps.stats.tasks.report_run_execute_task", ignore_result=True)
def report_run_execute_task(run_id: int) -> None:
    from .services.reports import report_run_execute

    report_run_execute(run_id=run_id)


@shared_task(name="apps.stats.tasks.report_runs_sweep_task", ignore_result=True)
def report_runs_sweep_task() -> None:
    from .services.reports import report_runs_sweep

    report_runs_sweep()


@shared_task(name="apps.stats.tasks.monthly_complaints_report_task", ignore_result=True)
def monthly_complaints_report_task() -> None:
    from .services.reports import report_scheduled_monthly_complaints

    report_scheduled_monthly_complaints()

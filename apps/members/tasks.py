"""Celery wrappers for members: take ids and plain values, call one service."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from .services.accounts import lawyer_activation_notice_deliver


@shared_task(
    # SMTP down or refusing: retry with exponential back-off (1, 2, 4 … minutes, at most
    # an hour apart, with jitter) for a little over two days, like the outbox's schedule.
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=55,
    # Sending twice after a crash mid-send beats not warning a lawyer at all.
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=60,
    time_limit=90,
)
def activation_notice_send(lawyer_id: int, context: dict[str, Any]) -> bool:
    """Tell a lawyer without a portal account of an activation attempt on their record."""
    return lawyer_activation_notice_deliver(lawyer_id=lawyer_id, context=context)


@shared_task(
    acks_late=True, reject_on_worker_lost=True, soft_time_limit=30 * 60, time_limit=31 * 60
)
def dues_year_issue_task(run_id: int) -> int:
    """Carry out a queued dues issue run (idempotent: a redelivered run skips what exists)."""
    from .services.dues import dues_issue_run_execute

    return dues_issue_run_execute(run_id=run_id).issued


@shared_task(soft_time_limit=10 * 60, time_limit=11 * 60)
def dues_reminders_send_task() -> int:
    """Daily: remind unpaid payers before and after the due date (once per kind)."""
    from .services.dues import dues_reminders_send

    return dues_reminders_send()

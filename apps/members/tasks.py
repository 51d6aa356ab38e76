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

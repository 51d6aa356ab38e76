"""Celery wrappers: take ids, call one service, own the retry policy."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

from . import services


@shared_task(
    # Safe to run twice (the claim in the service), so a message is acknowledged only after
    # the task ran, and put back if the worker process dies mid-task.
    acks_late=True,
    reject_on_worker_lost=True,
    # SMTPException is an OSError; both listed for the reader. Connection refused, timeouts
    # and 4xx/5xx replies are all retried; the row records each failure.
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=15 * 60,
    retry_jitter=True,
    max_retries=5,
    # Well under services.CLAIM_TIMEOUT, so a claim never outlives its worker.
    soft_time_limit=60,
    time_limit=90,
)
def notification_send(notification_id: int) -> bool:
    return services.notification_send(notification_id=notification_id)


@shared_task(
    # Beat fires every minute; a sweep that waited longer than that is superseded.
    expires=55,
)
def notifications_sweep() -> int:
    return services.notifications_sweep()

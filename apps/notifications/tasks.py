"""Celery wrappers: take ids, call one service. Retries are the sweep's job (services.py)."""

from __future__ import annotations

import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(
    # Safe to run twice (the claim in the service), so a message is acknowledged only after
    # the task ran, and put back if the worker process dies mid-task.
    acks_late=True,
    reject_on_worker_lost=True,
    # Well under services.CLAIM_TIMEOUT, so a claim never outlives its worker.
    soft_time_limit=60,
    time_limit=90,
)
def notification_send(notification_id: int) -> bool:
    """One attempt. A failure is already recorded in the row with its next attempt time
    (services.RETRY_SCHEDULE), and the beat sweep re-enqueues it then — no Celery
    countdown, which would die with the broker and could not span 48 hours anyway."""
    try:
        return services.notification_send(notification_id=notification_id)
    except Exception:
        # Send failures are recorded in the row and logged by the service; anything else
        # (e.g. the database briefly away) leaves the row due, and the sweep retries it.
        logger.info(
            "Notification %s not sent this time; the sweep retries it.",
            notification_id,
            exc_info=True,
        )
        return False


@shared_task(
    # Beat fires every minute; a sweep that waited longer than that is superseded.
    expires=55,
)
def notifications_sweep() -> int:
    return services.notifications_sweep()


@shared_task(
    # Daily; a digest that waited in the queue for hours is still worth sending.
    acks_late=True,
)
def notifications_failure_digest() -> int:
    return services.notifications_failure_digest()

"""Celery wrappers: thin, over the services."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def bookings_retention() -> int:
    """Daily: anonymise visit bookings past the retention period."""
    from .retention import bookings_anonymise_expired

    return bookings_anonymise_expired()

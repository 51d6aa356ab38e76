"""Celery wrappers for the registry: take plain values, call one service."""

from __future__ import annotations

from celery import shared_task

from .services import notify


@shared_task(
    # Daily; a run that waited past the next one is superseded by it.
    expires=23 * 60 * 60,
    # Idempotent (each term is marked as announced in the same transaction).
    acks_late=True,
    reject_on_worker_lost=True,
)
def partyorg_terms_due_notify() -> int:
    return notify.terms_due_notify()

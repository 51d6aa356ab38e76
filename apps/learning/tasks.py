from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="apps.learning.tasks.cle_reminders_send")
def cle_reminders_send() -> int:
    """Beat job (see migration 0002): remind lawyers short of hours before the deadline."""
    return services.reminders_send()

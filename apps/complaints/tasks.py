"""Celery wrappers: take ids, call one service."""

from __future__ import annotations

import logging

from celery import shared_task

from .services import complaints_purge_expired
from .services.digest import officer_digest_send
from .services.mail import complainant_mail_send as _send
from .services.mail import complainant_mails_sweep as _sweep

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=60, time_limit=90)
def complainant_mail_send(mail_id: int) -> bool:
    """One attempt; failures are recorded on the row and retried by the sweep."""
    try:
        return _send(mail_id=mail_id)
    except Exception:
        logger.info("Complainant mail %s not sent this time.", mail_id, exc_info=True)
        return False


@shared_task(expires=240)
def complainant_mails_sweep() -> int:
    return _sweep()


@shared_task(acks_late=True)
def complaints_officer_digest() -> int:
    """Daily: overdue and due-soon complaints to every complaints officer."""
    return officer_digest_send()


@shared_task(acks_late=True)
def complaints_purge() -> int:
    """Daily: forget complainants' personal data after the retention period."""
    return complaints_purge_expired()

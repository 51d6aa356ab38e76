"""Personal data: who looked, and forgetting it after the retention period."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.core.uploads import private_storage

from ..models import (
    AccessLog,
    AttachmentKind,
    ComplainantMail,
    Complaint,
    EventKind,
    State,
    purged_values,
)
from .common import event_add

if TYPE_CHECKING:
    from apps.accounts.models import User

logger = logging.getLogger(__name__)

# Closed complaints keep the complainant's identity this long (settings can change it).
DEFAULT_RETENTION_DAYS = 3 * 365


def retention_days() -> int:
    return int(getattr(settings, "COMPLAINTS_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def access_log(*, complaint: Complaint, user: User, action: str, with_pii: bool) -> None:
    AccessLog.objects.create(complaint=complaint, user=user, action=action[:30], with_pii=with_pii)


def complaints_purge_expired(*, now: dt.datetime | None = None, batch: int = 500) -> int:
    """Blank the complainant's identity, contacts and own files on complaints closed
    longer than the retention period. The complaint, its timeline and decision stay
    (statistics, the respondent's record). Idempotent; each complaint in its own
    transaction so one failure does not hold the rest."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=retention_days())
    ids = list(
        Complaint.objects.filter(
            state__in=[State.CLOSED, State.NOT_ACCEPTED],
            closed_at__lt=cutoff,
            pii_purged_at__isnull=True,
        ).values_list("pk", flat=True)[:batch]
    )
    done = 0
    for pk in ids:
        with transaction.atomic():
            complaint = Complaint.objects.select_for_update().get(pk=pk)
            if complaint.pii_purged_at is not None:
                continue
            files = list(complaint.attachments.exclude(kind=AttachmentKind.DEFENCE))
            Complaint.objects.filter(pk=pk).update(**purged_values(), pii_purged_at=now)
            complaint.refresh_from_db()
            ComplainantMail.objects.filter(complaint=complaint).delete()
            complaint.supplements.update(text="")
            for attachment in files:
                name = attachment.file.name or ""
                attachment.delete()
                transaction.on_commit(functools.partial(attachment_file_delete, name))
            event_add(
                complaint,
                kind=EventKind.PII_PURGED,
                actor=None,
                from_state=complaint.state,
                public=False,
                at=now,
            )
            done += 1
    if done:
        logger.info("Purged personal data of %d complaint(s).", done)
    return done


def attachment_file_delete(name: str) -> None:
    try:
        private_storage().delete(name)
    except OSError:
        logger.warning("Could not delete %s", name, exc_info=True)

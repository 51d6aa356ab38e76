"""Writes for notifications: create (the outbox row), send (claim → SMTP → mark), sweep, inbox.

Delivery guarantee — read before changing ``notification_send``
-----------------------------------------------------------------
SMTP cannot take part in a database transaction, so "exactly once" is not on offer. What
the code guarantees is **at most one send attempt per claim**, and a claim is only ever
held by one worker:

1. *Claim*: ``UPDATE … SET claim_token=<new uuid>, claimed_at=now, attempts=attempts+1,
   next_attempt_at=now+CLAIM_TIMEOUT WHERE pk=%s AND sent_at IS NULL AND send_email AND
   (claim_token IS NULL OR next_attempt_at <= now)``. PostgreSQL re-checks the WHERE
   clause of a concurrent UPDATE after the first one commits, so of two workers racing for
   a row exactly one gets "1 row"; a duplicate task, a Celery retry or a sweep that
   re-enqueued a row being sent right now all see "0 rows" and do nothing.
2. *Send* the message (outside any transaction: no row lock is held over the network).
3. *Mark*: ``sent_at=now, claim_token=NULL WHERE pk=%s AND claim_token=<ours>``.
   On an SMTP error instead: ``claim_token=NULL, last_error=…, next_attempt_at=now+backoff``
   and the error is re-raised for the task's retry policy.

If the process dies between 1 and 3 the claim simply goes stale: after CLAIM_TIMEOUT the
sweep re-enqueues the row and another worker claims it. That is the one window in which a
message can be sent twice (the server accepted it, then we died before step 3, a few
milliseconds). We accept that — a rare duplicate beats a lost notification — and narrow
it further with a stable ``Message-ID`` per row, which lets mail systems discard the copy.
So overall delivery is at-least-once, with duplicates only after a crash mid-send.

Broker outages: ``notification_create`` enqueues on commit and swallows (and logs) a
publish failure; the row is already committed, so the sweep sends it when Redis is back.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import Notification, NotificationQuerySet
from .rendering import email_render, templates_check

if TYPE_CHECKING:
    from apps.accounts.models import User

logger = logging.getLogger(__name__)

# How long a claim is honoured. Longer than the send task's hard time limit (tasks.py), so
# a claim is never taken over while its worker may still be talking to the SMTP server.
CLAIM_TIMEOUT = timedelta(minutes=5)
# A fresh row is left to its on-commit task for this long before the sweep steps in.
SWEEP_GRACE = timedelta(minutes=1)
# After the sweep re-enqueues a row, it leaves it alone this long (a slow queue is not lost).
SWEEP_REENQUEUE_DELAY = timedelta(minutes=5)
SWEEP_BATCH = 500


def retry_delay(attempts: int) -> timedelta:
    """Back-off after the n-th failed attempt: 1, 2, 4 … minutes, at most an hour."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


# --- create ----------------------------------------------------------------------------


def _enqueue_send(notification_id: int) -> None:
    """Publish the send task; never let a broker outage reach the user's request."""
    from . import tasks

    try:
        tasks.notification_send.delay(notification_id)
    except Exception:
        # Broker down (kombu OperationalError), or, with eager tasks, a send failure. The
        # row is committed either way and the sweep will deliver it.
        logger.warning(
            "Could not enqueue notification %s; the sweep will send it.",
            notification_id,
            exc_info=True,
        )


@transaction.atomic
def notification_create(
    *,
    recipient: User,
    key: str,
    context: dict[str, Any],
    url: str = "",
    send_email: bool = True,
    show_in_inbox: bool = True,
) -> Notification:
    """Write an outbox row in the caller's transaction; e-mail it after that commits.

    ``key`` picks templates/emails/<key>_subject.txt, <key>.txt and <key>.html (checked
    now, so a typo fails in the caller, not in a worker). ``context`` must be JSON-able
    (dates and decimals are stored as strings). ``url`` is a site path or http(s) URL.
    """
    templates_check(key)
    now = timezone.now()
    notification = Notification(
        recipient=recipient,
        key=key,
        context=context,
        url=url,
        send_email=send_email,
        show_in_inbox=show_in_inbox,
        created_at=now,
        next_attempt_at=now + SWEEP_GRACE,
    )
    notification.full_clean()
    notification.save()
    if send_email:
        pk = notification.pk
        transaction.on_commit(lambda: _enqueue_send(pk))
    return notification


# --- send ------------------------------------------------------------------------------


def notification_claim(*, notification_id: int, now: datetime | None = None) -> uuid.UUID | None:
    """Claim the row for one send attempt; the token, or None if it is sent or taken."""
    now = now or timezone.now()
    token = uuid.uuid4()
    claimed = (
        Notification.objects.unsent()
        .filter(pk=notification_id)
        .filter(Q(claim_token__isnull=True) | Q(next_attempt_at__lte=now))
        .update(
            claim_token=token,
            claimed_at=now,
            attempts=F("attempts") + 1,
            next_attempt_at=now + CLAIM_TIMEOUT,
        )
    )
    return token if claimed == 1 else None


def _message_id(notification: Notification) -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<notification.{notification.pk}.{int(notification.created_at.timestamp())}@{domain}>"


def _build_message(notification: Notification) -> EmailMultiAlternatives:
    rendered = email_render(
        key=notification.key,
        context=notification.context,
        recipient=notification.recipient,
        url=notification.url,
    )
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
        headers={
            "Message-ID": _message_id(notification),
            "Auto-Submitted": "auto-generated",
            "X-Notification-Key": notification.key,
        },
    )
    if rendered.html is not None:
        message.attach_alternative(rendered.html, "text/html")
    return message


def notification_send(*, notification_id: int) -> bool:
    """Send one notification's e-mail if nobody has; True if this call sent it.

    Not atomic on purpose: each of the three steps commits on its own (see module doc).
    SMTP errors (OSError, which includes SMTPException) are recorded and re-raised.
    """
    token = notification_claim(notification_id=notification_id)
    if token is None:
        return False
    mine = Notification.objects.filter(pk=notification_id, claim_token=token)
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    recipient = notification.recipient
    if not recipient.is_active or not recipient.email:
        # Nobody to write to: keep the inbox copy, stop the e-mail channel for good.
        mine.update(
            send_email=False,
            claim_token=None,
            last_error=f"Recipient {recipient.pk} is inactive or has no e-mail address.",
        )
        return False
    try:
        message = _build_message(notification)
        message.send()
    except Exception as exc:
        failed_at = timezone.now()
        mine.update(
            claim_token=None,
            last_error=f"{exc.__class__.__name__}: {exc}"[:2000],
            next_attempt_at=failed_at + retry_delay(notification.attempts),
        )
        logger.warning("Sending notification %s failed: %s", notification_id, exc)
        raise
    marked = mine.update(sent_at=timezone.now(), claim_token=None, last_error="")
    if not marked:
        # Our claim went stale mid-send and someone else took the row over.
        logger.error("Notification %s was sent after its claim expired.", notification_id)
    return True


# --- sweep -----------------------------------------------------------------------------


def notifications_due(*, now: datetime | None = None) -> NotificationQuerySet:
    """Unsent e-mails whose time has come: never enqueued, lost, failed, or stale claims."""
    now = now or timezone.now()
    return Notification.objects.unsent().filter(
        next_attempt_at__lte=now, attempts__lt=Notification.MAX_ATTEMPTS
    )


def notifications_sweep(*, now: datetime | None = None, batch: int = SWEEP_BATCH) -> int:
    """Re-enqueue due rows (at most ``batch``); the number enqueued.

    Pushes each row's next_attempt_at forward first, so the next sweep does not enqueue it
    again while the task waits in a slow queue, and releases stale claims (their worker is
    gone: a claim outlives the send task's hard time limit) so the new task can claim.
    """
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            notifications_due(now=now)
            .order_by("next_attempt_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return 0
        Notification.objects.filter(pk__in=ids).update(
            next_attempt_at=now + SWEEP_REENQUEUE_DELAY, claim_token=None
        )
        for pk in ids:
            transaction.on_commit(lambda pk=pk: _enqueue_send(pk))
    logger.info("Notification sweep re-enqueued %d row(s).", len(ids))
    return len(ids)


@transaction.atomic
def notification_requeue(*, notification: Notification) -> bool:
    """Staff's "resend now": a fresh retry budget and a task now for an unsent e-mail.

    False (nothing done) if it was sent, is being sent right now, or is not an e-mail.
    """
    now = timezone.now()
    updated = (
        Notification.objects.unsent()
        .filter(pk=notification.pk)
        .filter(Q(claim_token__isnull=True) | Q(next_attempt_at__lte=now))
        .update(attempts=0, next_attempt_at=now, claim_token=None)
    )
    if updated:
        pk = notification.pk
        transaction.on_commit(lambda: _enqueue_send(pk))
    return bool(updated)


# --- inbox -----------------------------------------------------------------------------


def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark one notification read (idempotent: the first read time is kept)."""
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notification_mark_all_read(*, user: User) -> int:
    """Mark every unread inbox notification of ``user`` read; how many were unread."""
    return Notification.objects.for_inbox(user).unread().update(read_at=timezone.now())

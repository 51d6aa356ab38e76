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
   (``failed_at=now`` instead of a back-off after the last attempt) and the error is
   re-raised to the caller.

Retries — never silently abandoned
----------------------------------
Retries are scheduled *in the row* (``attempts``, ``next_attempt_at``) and carried out by
the beat sweep, not by Celery countdowns: a countdown lives in the broker and is lost with
it, and a long SMTP outage outlasts any reasonable countdown. ``RETRY_SCHEDULE`` spaces the
attempts so that the last one comes more than 48 hours after the first (a weekend-long
outage of the mail relay is survived). After the last failed attempt the row gets
``failed_at``: the sweep stops, staff see it in admin (filter "failed", action "resend
now") and in the daily failure digest (``notifications_failure_digest``). A worker that
dies during the last attempt leaves a stale claim; the sweep marks that row failed too.

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

import functools
import logging
import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import F, Max, Q, TextField, Value
from django.db.models.functions import Concat
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


# Wait after the n-th failed attempt (index n-1). Sum: 51 h 21 min from the first attempt
# to the last, so an SMTP outage of up to 48 hours loses nothing. Quick first retries catch
# a blip; the long tail rides out a relay that is down over a weekend.
RETRY_SCHEDULE: tuple[timedelta, ...] = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=2),
    timedelta(hours=4),
    timedelta(hours=8),
    timedelta(hours=12),
    timedelta(hours=12),
    timedelta(hours=12),
)
# How far back the daily digest looks, and how many failures it lists by name.
DIGEST_WINDOW = timedelta(days=1)
DIGEST_MAX_ROWS = 50
DIGEST_KEY = "notifications_failure_digest"


def retry_delay(attempts: int) -> timedelta:
    """Back-off after the n-th failed attempt (the schedule's last step beyond its end).

    Whether there is a next attempt at all is the caller's rule: notifications give up
    after ``Notification.MAX_ATTEMPTS`` (see ``notification_send``).
    """
    return RETRY_SCHEDULE[min(max(attempts, 1), len(RETRY_SCHEDULE)) - 1]


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


def notification_send(*, notification_id: int, now: datetime | None = None) -> bool:
    """Send one notification's e-mail if nobody has; True if this call sent it.

    Not atomic on purpose: each of the three steps commits on its own (see module doc).
    Any error while rendering or sending is recorded (next attempt per RETRY_SCHEDULE, or
    ``failed_at`` after the last) and re-raised. ``now`` is for tests that replay an outage.
    """
    token = notification_claim(notification_id=notification_id, now=now)
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
        failed_at = now or timezone.now()
        error = f"{exc.__class__.__name__}: {exc}"[:2000]
        if notification.attempts >= Notification.MAX_ATTEMPTS:
            mine.update(claim_token=None, last_error=error, failed_at=failed_at)
            logger.error(
                "Notification %s failed after %d attempts; staff will see it: %s",
                notification_id,
                notification.attempts,
                exc,
            )
        else:
            delay = retry_delay(notification.attempts)
            mine.update(claim_token=None, last_error=error, next_attempt_at=failed_at + delay)
            logger.warning(
                "Sending notification %s failed (attempt %d), retrying in %s: %s",
                notification_id,
                notification.attempts,
                delay,
                exc,
            )
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
        next_attempt_at__lte=now, failed_at__isnull=True, attempts__lt=Notification.MAX_ATTEMPTS
    )


def notifications_fail_exhausted(*, now: datetime | None = None) -> int:
    """Mark failed the rows whose last attempt died with its worker (a stale final claim).

    Such a row has used every attempt, so the sweep would never pick it up again; without
    this it would sit unsent and unseen. The number marked.
    """
    now = now or timezone.now()
    return (
        Notification.objects.unsent()
        .filter(
            failed_at__isnull=True,
            attempts__gte=Notification.MAX_ATTEMPTS,
            next_attempt_at__lte=now,
        )
        .update(
            failed_at=now,
            claim_token=None,
            last_error=Concat(
                F("last_error"),
                Value("\n(The worker stopped during the last attempt.)"),
                output_field=TextField(),
            ),
        )
    )


def notifications_sweep(*, now: datetime | None = None, batch: int = SWEEP_BATCH) -> int:
    """Re-enqueue due rows (at most ``batch``); the number enqueued.

    Pushes each row's next_attempt_at forward first, so the next sweep does not enqueue it
    again while the task waits in a slow queue, and releases stale claims (their worker is
    gone: a claim outlives the send task's hard time limit) so the new task can claim.
    """
    now = now or timezone.now()
    exhausted = notifications_fail_exhausted(now=now)
    if exhausted:
        logger.error("Notification sweep marked %d row(s) failed (worker lost).", exhausted)
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
            transaction.on_commit(functools.partial(_enqueue_send, pk))
    logger.info("Notification sweep re-enqueued %d row(s).", len(ids))
    return len(ids)


@transaction.atomic
def notification_requeue(*, notification: Notification, actor: User) -> bool:
    """Staff's "resend now": a fresh retry budget and a task now for an unsent e-mail.

    False (nothing done) if it was sent, is being sent right now, or is not an e-mail.
    PermissionDenied unless ``actor`` may change notifications (member services).
    """
    if not actor.has_perm("notifications.change_notification"):
        raise PermissionDenied("Re-sending notifications needs notifications.change_notification.")
    now = timezone.now()
    updated = (
        Notification.objects.unsent()
        .filter(pk=notification.pk)
        .filter(Q(claim_token__isnull=True) | Q(next_attempt_at__lte=now))
        .update(attempts=0, next_attempt_at=now, claim_token=None, failed_at=None)
    )
    if updated:
        pk = notification.pk
        transaction.on_commit(lambda: _enqueue_send(pk))
    return bool(updated)


# --- failure digest (staff) ------------------------------------------------------------


def notification_failure_digest_recipients() -> list[User]:
    """Who gets the daily digest: active superusers and staff in the member-services role."""
    from apps.accounts.models import User
    from apps.accounts.roles import ROLE_GROUP_NAMES, Role

    group = ROLE_GROUP_NAMES[Role.MEMBER_SERVICES]
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(is_staff=True, groups__name=group))
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def notifications_failure_digest(*, now: datetime | None = None) -> int:
    """E-mail the failures of the last day to the staff who answer for the outbox.

    Nothing is sent on a day without failures. The digest itself goes through the outbox
    (e-mail only, no inbox copy), so it is retried like any other message. Running it again
    the same day (a redelivered task, staff pressing "run" in the beat admin) reports only
    failures since the last digest: one transaction-scoped advisory lock serialises
    concurrent runs. Returns the number of failures reported.
    """
    from django.urls import reverse

    now = now or timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [DIGEST_KEY])
    staff = notification_failure_digest_recipients()
    last_digest = Notification.objects.filter(
        recipient__in=staff, key=DIGEST_KEY, created_at__gt=now - DIGEST_WINDOW
    ).aggregate(last=Max("created_at"))["last"]
    since = max(now - DIGEST_WINDOW, last_digest) if last_digest else now - DIGEST_WINDOW
    failures = (
        Notification.objects.failed()
        .filter(failed_at__gt=since, failed_at__lte=now)
        .select_related("recipient")
        .order_by("-failed_at", "-id")
    )
    total = failures.count()
    if not total:
        return 0
    rows = [
        {
            "id": n.pk,
            "recipient": n.recipient.email,
            "key": n.key,
            "failed_at": timezone.localtime(n.failed_at).strftime("%Y-%m-%d %H:%M"),
            "attempts": n.attempts,
            "error": n.last_error.splitlines()[0][:200] if n.last_error else "",
        }
        for n in failures[:DIGEST_MAX_ROWS]
    ]
    context = {
        "total": total,
        "failures": rows,
        "more": total - len(rows),
        "since": timezone.localtime(since).strftime("%Y-%m-%d %H:%M"),
        "until": timezone.localtime(now).strftime("%Y-%m-%d %H:%M"),
    }
    url = reverse("admin:notifications_notification_changelist") + "?delivery=failed"
    for member in staff:
        notification_create(
            recipient=member,
            key=DIGEST_KEY,
            context=context,
            url=url,
            send_email=True,
            show_in_inbox=False,
        )
    return total


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

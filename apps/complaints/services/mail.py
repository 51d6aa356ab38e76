"""Complainant e-mails: written in the change's transaction, sent after commit.

See models/mail.py for why complainants have their own small outbox. The claim/mark
protocol is apps.notifications' (one conditional UPDATE per step); secrets in the
context (the tracking code) are replaced by a mark once the server accepted the message.
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Iterable
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from apps.notifications.rendering import email_render, templates_check
from apps.notifications.services import retry_delay

from ..models import ComplainantMail, Complaint

logger = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(minutes=5)
SWEEP_GRACE = timedelta(minutes=1)
SCRUBBED = "（已发送）"


def _enqueue(mail_id: int) -> None:
    from .. import tasks

    try:
        tasks.complainant_mail_send.delay(mail_id)
    except Exception:
        logger.warning(
            "Could not enqueue complainant mail %s; the sweep will.", mail_id, exc_info=True
        )


def complainant_mail_create(
    complaint: Complaint,
    *,
    key: str,
    context: dict[str, Any],
    language: str = "zh-hans",
    secret_keys: Iterable[str] = (),
) -> ComplainantMail | None:
    """Queue an e-mail to the complainant (nothing once their data has been purged)."""
    if not complaint.complainant_email:
        return None
    templates_check(key)
    now = timezone.now()
    mail = ComplainantMail.objects.create(
        complaint=complaint,
        to=complaint.complainant_email,
        key=key,
        context={**context, "_secret_keys": list(secret_keys)},
        language=language,
        created_at=now,
        next_attempt_at=now + SWEEP_GRACE,
    )
    transaction.on_commit(lambda: _enqueue(mail.pk))
    return mail


def complainant_mail_send(*, mail_id: int) -> bool:
    now = timezone.now()
    token = uuid.uuid4()
    claimed = (
        ComplainantMail.objects.filter(pk=mail_id, sent_at__isnull=True)
        .filter(Q(claim_token__isnull=True) | Q(next_attempt_at__lte=now))
        .update(claim_token=token, attempts=F("attempts") + 1, next_attempt_at=now + CLAIM_TIMEOUT)
    )
    if not claimed:
        return False
    mine = ComplainantMail.objects.filter(pk=mail_id, claim_token=token)
    mail = ComplainantMail.objects.get(pk=mail_id)
    context = {k: v for k, v in mail.context.items() if k != "_secret_keys"}
    # The renderer wants a recipient; complainants have no account, only an address.
    recipient = SimpleNamespace(email=mail.to, language=mail.language, is_authenticated=False)
    try:
        rendered = email_render(
            key=mail.key,
            context=context,
            recipient=recipient,  # type: ignore[arg-type]
            language=mail.language,
        )
        message = EmailMultiAlternatives(
            subject=rendered.subject,
            body=rendered.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[mail.to],
            headers={"Auto-Submitted": "auto-generated", "X-Notification-Key": mail.key},
        )
        if rendered.html is not None:
            message.attach_alternative(rendered.html, "text/html")
        message.send()
    except Exception as exc:
        mine.update(
            claim_token=None,
            last_error=f"{exc.__class__.__name__}: {exc}"[:2000],
            next_attempt_at=timezone.now() + retry_delay(mail.attempts),
        )
        raise
    scrubbed = dict(mail.context)
    for key in mail.context.get("_secret_keys", []):
        scrubbed[key] = SCRUBBED
    mine.update(sent_at=timezone.now(), claim_token=None, last_error="", context=scrubbed)
    return True


def complainant_mails_sweep(*, batch: int = 200) -> int:
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            ComplainantMail.objects.filter(
                sent_at__isnull=True,
                next_attempt_at__lte=now,
                attempts__lt=ComplainantMail.MAX_ATTEMPTS,
            )
            .order_by("next_attempt_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:batch]
        )
        ComplainantMail.objects.filter(pk__in=ids).update(
            next_attempt_at=now + CLAIM_TIMEOUT, claim_token=None
        )
        for pk in ids:
            transaction.on_commit(functools.partial(_enqueue, pk))
    return len(ids)

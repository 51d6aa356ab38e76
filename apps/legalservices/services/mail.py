"""The acknowledgement e-mail to a member of the public (who has no account, so the
notifications outbox — rows per User — does not fit). Same guarantee as the outbox: the
send is claimed with one conditional UPDATE (acknowledged_at IS NULL), so a task retry
or duplicate never sends twice; a failed send releases the claim for the retry."""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from apps.notifications.rendering import email_render

from ..models import ConsultationRequest

if TYPE_CHECKING:
    from apps.accounts.models import User


def consultation_acknowledge_send(*, consultation_id: int) -> bool:
    claimed_at = timezone.now()
    claimed = (
        ConsultationRequest.objects.filter(pk=consultation_id, acknowledged_at__isnull=True)
        .exclude(email="")
        .update(acknowledged_at=claimed_at)
    )
    if not claimed:
        return False
    request = ConsultationRequest.objects.get(pk=consultation_id)
    rendered = email_render(
        key="legalservices_consultation_received",
        context={
            "reference": request.reference,
            "topic": request.get_topic_display(),
            "due_on": request.due_on.isoformat(),
        },
        # The requester has no account: the templates need only a name and a language.
        recipient=cast("User", SimpleNamespace(name=request.name, language=settings.LANGUAGE_CODE)),
        language=settings.LANGUAGE_CODE,
    )
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[request.email],
    )
    if rendered.html:
        message.attach_alternative(rendered.html, "text/html")
    try:
        message.send()
    except OSError:
        ConsultationRequest.objects.filter(pk=consultation_id, acknowledged_at=claimed_at).update(
            acknowledged_at=None
        )
        raise
    return True

"""Retention: detainee-visit bookings forget who was visited once no longer needed.

Bookings whose visit day lies more than ``BOOKINGS_RETENTION_DAYS`` (settings; default
one year) in the past keep facility, day, half-day, lawyer and status — the statistics —
but lose the detainee's and client's names and the case reference. Idempotent: an
anonymised row's names start with :data:`ANONYMISED`.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from .models import Booking

logger = logging.getLogger(__name__)

DEFAULT_RETENTION_DAYS = 365
ANONYMISED = "（已匿名）"


def retention_days() -> int:
    return int(getattr(settings, "BOOKINGS_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def bookings_anonymise_expired(*, today: dt.date | None = None) -> int:
    """Names become "（已匿名）#<id>": unique per booking, since the no-double-booking
    constraint compares detainee names within a facility and half-day."""
    cutoff = (today or timezone.localdate()) - dt.timedelta(days=retention_days())
    marker = Concat(Value(ANONYMISED + "#"), Cast("pk", CharField()))
    with transaction.atomic():
        ids = list(
            Booking.objects.filter(date__lt=cutoff)
            .exclude(detainee_name__startswith=ANONYMISED)
            .select_for_update()
            .values_list("pk", flat=True)
        )
        count = Booking.objects.filter(pk__in=ids).update(
            detainee_name=marker, client_name=Value(ANONYMISED), case_reference=Value("")
        )
    if count:
        logger.info("Anonymised %d visit booking(s).", count)
    return count

"""Retention: requesters' personal data is forgotten once it is no longer needed.

Consultation requests answered or closed, mediation requests concluded and bookings of
pro-bono consultation slots held longer than ``LEGALSERVICES_RETENTION_DAYS`` ago
(settings; default two years) keep their reference, topic, district, status and dates —
the statistics — but lose the requester's name, phone, e-mail and own words, in the row
and in its audit history alike. Idempotent: an
anonymised row carries :data:`ANONYMISED` as its name and is not touched again.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import (
    ConsultationRequest,
    ConsultationStatus,
    MediationRequest,
    MediationStatus,
    SlotBooking,
)

logger = logging.getLogger(__name__)

DEFAULT_RETENTION_DAYS = 2 * 365
# Stands in for a name or phone (the rows' constraints need a phone or e-mail to be given).
ANONYMISED = "（已匿名）"


def retention_days() -> int:
    return int(getattr(settings, "LEGALSERVICES_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def _cutoff(now: dt.datetime | None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=retention_days())


def _marker_if_set(field: str) -> dict[str, object]:
    from django.db.models import Case, Value, When

    return {field: Case(When(**{field: ""}, then=Value("")), default=Value(ANONYMISED))}


def consultations_anonymise_expired(*, now: dt.datetime | None = None) -> int:
    cutoff = _cutoff(now)
    done_states = [ConsultationStatus.ANSWERED, ConsultationStatus.CLOSED]
    expired = (
        ConsultationRequest.objects.filter(status__in=done_states)
        .filter(Q(answered_at__lt=cutoff) | Q(answered_at__isnull=True, created_at__lt=cutoff))
        .exclude(name=ANONYMISED)
    )
    values = {
        "name": ANONYMISED,
        **_marker_if_set("phone"),
        **_marker_if_set("email"),
        "description": "",
        "answer": "",
    }
    with transaction.atomic():
        ids = list(expired.select_for_update().values_list("pk", flat=True))
        count = ConsultationRequest.objects.filter(pk__in=ids).update(**values)
        ConsultationRequest.history.filter(id__in=ids).update(**values)
    if count:
        logger.info("Anonymised %d consultation request(s).", count)
    return count


def mediations_anonymise_expired(*, now: dt.datetime | None = None) -> int:
    cutoff = _cutoff(now)
    done_states = [MediationStatus.SETTLED, MediationStatus.FAILED, MediationStatus.WITHDRAWN]
    expired = (
        MediationRequest.objects.filter(status__in=done_states)
        .filter(Q(closed_at__lt=cutoff) | Q(closed_at__isnull=True, created_at__lt=cutoff))
        .exclude(name=ANONYMISED)
    )
    values = {"name": ANONYMISED, "phone": ANONYMISED, "other_party": ANONYMISED, "dispute": ""}
    with transaction.atomic():
        ids = list(expired.select_for_update().values_list("pk", flat=True))
        count = MediationRequest.objects.filter(pk__in=ids).update(**values)
        MediationRequest.history.filter(id__in=ids).update(**values)
    if count:
        logger.info("Anonymised %d mediation request(s).", count)
    return count


def slot_bookings_anonymise_expired(*, now: dt.datetime | None = None) -> int:
    """Bookings of pro-bono consultation slots that ended before the cutoff. The phone
    becomes "（已匿名）#<id>": one phone books a slot once (a unique constraint)."""
    cutoff = _cutoff(now)
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    with transaction.atomic():
        ids = list(
            SlotBooking.objects.filter(slot__ends_at__lt=cutoff)
            .exclude(name=ANONYMISED)
            .select_for_update()
            .values_list("pk", flat=True)
        )
        count = SlotBooking.objects.filter(pk__in=ids).update(
            name=Value(ANONYMISED),
            phone=Concat(Value(ANONYMISED + "#"), Cast("pk", CharField())),
            question=Value(""),
        )
    if count:
        logger.info("Anonymised %d consultation slot booking(s).", count)
    return count


def requests_anonymise_expired(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The daily job (tasks.legalservices_retention)."""
    return {
        "consultations": consultations_anonymise_expired(now=now),
        "mediations": mediations_anonymise_expired(now=now),
        "slot_bookings": slot_bookings_anonymise_expired(now=now),
    }

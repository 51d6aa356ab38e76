"""Free legal help: consultation requests, slot bookings, volunteers, event outcomes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.exceptions import DomainError
from apps.members.models import Lawyer

from ..models import (
    ConsultationRequest,
    EventSlot,
    EventVolunteer,
    ProBonoEvent,
    SlotBooking,
)
from ..selectors.probono import probono_totals_invalidate
from ..workdays import add_workdays
from .references import reference_new

ANSWER_WORKDAYS = 3


def _insert_with_reference(obj: Any, prefix: str, attempts: int = 3) -> Any:
    for attempt in range(attempts):
        obj.reference = reference_new(prefix)
        try:
            with transaction.atomic():
                obj.save()
            return obj
        except IntegrityError:
            if (
                attempt == attempts - 1
                or type(obj).objects.filter(reference=obj.reference).count() == 0
            ):
                raise
    return obj


@transaction.atomic
def consultation_submit(*, data: dict[str, Any]) -> ConsultationRequest:
    """Record the request with its 3-working-day deadline; acknowledge by e-mail (after
    commit, through tasks.consultation_acknowledge) when an address was given."""
    request = ConsultationRequest(**data)
    request.due_on = add_workdays(timezone.localdate(), ANSWER_WORKDAYS)
    request.reference = "pending"
    request.full_clean(exclude=["reference"])
    _insert_with_reference(request, "FL")
    if request.email:
        from ..tasks import consultation_acknowledge

        pk = request.pk
        transaction.on_commit(lambda: consultation_acknowledge.delay(pk))
    return request


def slot_book(*, slot_id: int, name: str, phone: str, question: str = "") -> SlotBooking:
    """Hold one place in the slot, or refuse: full, closed, or already booked.

    The place is taken by one conditional UPDATE (``booked < capacity``): PostgreSQL
    re-checks the condition after a concurrent UPDATE of the same row commits, so of two
    visitors racing for the last place exactly one gets it, and the other is told the
    slot is full. The booking row is written in the same transaction.
    """
    with transaction.atomic():
        slot = (
            EventSlot.objects.select_related("event")
            .filter(pk=slot_id, event__is_published=True)
            .first()
        )
        if slot is None:
            raise DomainError(_("该时段不存在。"))
        if slot.starts_at <= timezone.now():
            raise DomainError(_("该时段已开始，不能再预约。"))
        taken = EventSlot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(
            booked=F("booked") + 1
        )
        if not taken:
            raise DomainError(_("该时段已约满，请选择其他时段。"))
        booking = SlotBooking(slot=slot, name=name.strip(), phone=phone, question=question)
        booking.reference = "pending"
        booking.full_clean(exclude=["reference", "slot"])
        try:
            _insert_with_reference(booking, "YY")
        except IntegrityError:
            # The same phone already holds this slot: the whole transaction (and the
            # place just taken) rolls back.
            raise DomainError(_("该手机号已预约过这个时段。")) from None
    return booking


@transaction.atomic
def volunteer_sign_up(*, lawyer: Lawyer, event_id: int) -> EventVolunteer:
    if not lawyer.is_practising:
        raise DomainError(_("只有执业律师可以报名志愿服务。"))
    event = ProBonoEvent.objects.select_for_update().filter(pk=event_id, is_published=True).first()
    if event is None:
        raise DomainError(_("活动不存在。"))
    if event.ends_at <= timezone.now():
        raise DomainError(_("活动已结束。"))
    if EventVolunteer.objects.filter(event=event, lawyer=lawyer).exists():
        raise DomainError(_("您已报名该活动。"))
    # The event row is locked above, so two last-place sign-ups cannot both pass this count.
    if EventVolunteer.objects.filter(event=event).count() >= event.volunteers_needed:
        raise DomainError(_("志愿律师名额已满。"))
    return EventVolunteer.objects.create(event=event, lawyer=lawyer)


@transaction.atomic
def event_outcome_record(
    *, actor: User, event: ProBonoEvent, people_helped: int, consultations_given: int
) -> ProBonoEvent:
    if not actor.has_perm("legalservices.change_probonoevent"):
        raise PermissionDenied
    if event.ends_at > timezone.now():
        raise DomainError(_("活动结束后才能登记服务结果。"))
    if people_helped < 0 or consultations_given < 0:
        raise DomainError(_("人次和件数不能为负数。"))
    event = ProBonoEvent.objects.select_for_update().get(pk=event.pk)
    event.people_helped = people_helped
    event.consultations_given = consultations_given
    event.outcome_recorded_at = timezone.now()
    event.outcome_recorded_by = actor
    event.save()
    year = timezone.localtime(event.starts_at).year
    transaction.on_commit(lambda: probono_totals_invalidate(year=year))
    return event


@transaction.atomic
def consultation_mark_answered(
    *, actor: User, consultation: ConsultationRequest
) -> ConsultationRequest:
    """Close the request as answered: its answer summary must be written first."""
    if not actor.has_perm("legalservices.change_consultationrequest"):
        raise PermissionDenied
    consultation = ConsultationRequest.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status not in {"new", "assigned"}:
        raise DomainError(
            _("%(reference)s 已答复或已关闭。") % {"reference": consultation.reference}
        )
    if not consultation.answer.strip():
        raise DomainError(
            _("%(reference)s 还没有答复摘要。") % {"reference": consultation.reference}
        )
    consultation.status = "answered"
    consultation.answered_at = timezone.now()
    consultation.save(update_fields=["status", "answered_at"])
    return consultation

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from apps.core.exceptions import DomainError
from apps.legalservices.models import ConsultationRequest, EventSlot, SlotBooking
from apps.legalservices.services.help import slot_book
from apps.legalservices.workdays import add_workdays
from apps.members.models import District
from tests.legalservices.factories import EventSlotFactory

pytestmark = pytest.mark.django_db


def _consultation(**overrides):
    data = {
        "topic": "labour",
        "description": "公司拖欠三个月工资，想知道怎么申请劳动仲裁。",
        "district": District.objects.get(code="310106").pk,
        "name": "刘女士",
        "contact_method": "email",
        "phone": "",
        "email": "liu@example.cn",
    }
    data.update(overrides)
    return data


def test_workdays_skip_weekends_and_national_holidays():
    assert add_workdays(dt.date(2025, 9, 29), 3) == dt.date(2025, 10, 10)  # National Day
    assert add_workdays(dt.date(2025, 9, 26), 1) == dt.date(2025, 9, 28)  # make-up Sunday
    assert add_workdays(dt.date(2025, 11, 28), 3) == dt.date(2025, 12, 3)  # a weekend


def test_consultation_gets_reference_deadline_and_acknowledgement(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("legalservices:consultation_new"), _consultation())
    request = ConsultationRequest.objects.get()
    assert response.status_code == 302
    assert request.reference.startswith("FL")
    assert request.due_on > timezone.localdate()
    assert request.acknowledged_at is not None
    assert len(mail.outbox) == 1
    assert request.reference in mail.outbox[0].subject
    done = client.get(response["Location"])
    assert request.reference in done.content.decode()


def test_acknowledgement_is_sent_once_even_if_the_task_repeats(
    client, django_capture_on_commit_callbacks
):
    from apps.legalservices.services.mail import consultation_acknowledge_send

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("legalservices:consultation_new"), _consultation())
    assert (
        consultation_acknowledge_send(consultation_id=ConsultationRequest.objects.get().pk) is False
    )
    assert len(mail.outbox) == 1


def test_another_browser_cannot_see_the_acknowledgement_page(
    client, django_capture_on_commit_callbacks
):
    from django.test import Client

    client.post(reverse("legalservices:consultation_new"), _consultation())
    reference = ConsultationRequest.objects.get().reference
    assert (
        Client().get(reverse("legalservices:consultation_done", args=[reference])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"contact_method": "phone", "phone": ""}, "phone"),
        ({"contact_method": "email", "email": ""}, "email"),
        ({"phone": "12345", "contact_method": "phone"}, "phone"),
        ({"topic": "nonsense"}, "topic"),
        ({"district": "999999"}, "district"),
        ({"description": ""}, "description"),
    ],
)
def test_invalid_consultation_is_400_and_saves_nothing(client, overrides, field):
    response = client.post(reverse("legalservices:consultation_new"), _consultation(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not ConsultationRequest.objects.exists()


def test_booking_holds_a_place_and_refuses_when_full(client):
    slot = EventSlotFactory(capacity=1)
    url = reverse("legalservices:event_detail", args=[slot.event_id])
    first = client.post(url, {"slot": slot.pk, "name": "王先生", "phone": "13800000001"})
    assert first.status_code == 302
    second = client.post(url, {"slot": slot.pk, "name": "李女士", "phone": "13800000002"})
    assert second.status_code == 409
    assert "已约满" in second.content.decode()
    slot.refresh_from_db()
    assert (slot.booked, SlotBooking.objects.count()) == (1, 1)


def test_same_phone_cannot_book_a_slot_twice():
    slot = EventSlotFactory(capacity=5)
    slot_book(slot_id=slot.pk, name="王先生", phone="13800000001")
    with pytest.raises(DomainError):
        slot_book(slot_id=slot.pk, name="王先生", phone="13800000001")
    slot.refresh_from_db()
    assert slot.booked == 1  # the refused booking's place was given back


def test_booking_a_slot_of_another_event_is_refused(client):
    slot = EventSlotFactory()
    other = EventSlotFactory()
    url = reverse("legalservices:event_detail", args=[slot.event_id])
    response = client.post(url, {"slot": other.pk, "name": "王先生", "phone": "13800000001"})
    assert response.status_code in (400, 409)
    assert not SlotBooking.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_never_exceed_capacity():
    slot = EventSlotFactory(capacity=3)
    barrier = threading.Barrier(8)
    outcomes: list[str] = []
    lock = threading.Lock()

    def book(n: int) -> None:
        try:
            barrier.wait()
            slot_book(slot_id=slot.pk, name=f"访客{n}", phone=f"1380000{n:04d}")
            result = "ok"
        except DomainError:
            result = "full"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=book, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    slot.refresh_from_db()
    assert outcomes.count("ok") == 3
    assert outcomes.count("full") == 5
    assert slot.booked == 3
    assert SlotBooking.objects.filter(slot=slot).count() == 3


def test_capacity_constraint_backs_the_counter():
    from django.db import IntegrityError
    from django.db.models import F

    slot = EventSlotFactory(capacity=1)
    EventSlot.objects.filter(pk=slot.pk).update(booked=1)
    with pytest.raises(IntegrityError):
        EventSlot.objects.filter(pk=slot.pk).update(booked=F("booked") + 1)


def test_help_home_and_event_pages_render(client, django_assert_max_num_queries):
    for _ in range(3):
        EventSlotFactory()
    with django_assert_max_num_queries(12):
        response = client.get(reverse("legalservices:help"))
    assert response.status_code == 200
    for _ in range(5):
        EventSlotFactory()
    with django_assert_max_num_queries(12):
        client.get(reverse("legalservices:help"))


def test_alerts_are_searchable(client):
    from apps.legalservices.models import ImpersonationAlert

    ImpersonationAlert.objects.create(
        kind="website",
        name="某某法律咨询网",
        claimed_as="上海申衡律师事务所",
        website="shenheng-law.example",
        description="冒用律所名义收取代理费。",
        published_on=dt.date(2026, 3, 1),
    )
    ImpersonationAlert.objects.create(
        kind="person",
        name="张某",
        claimed_as="执业律师",
        description="无执业证。",
        published_on=dt.date(2026, 2, 1),
    )
    response = client.get(reverse("legalservices:alert_list"), {"q": "申衡"})
    assert [a.name for a in response.context["page_obj"]] == ["某某法律咨询网"]


def test_public_forms_are_rate_limited_per_ip(client, settings):
    settings.LEGALSERVICES_RATE_LIMITS = {"forms": (2, 3600)}
    url = reverse("legalservices:consultation_new")
    assert client.post(url, _consultation()).status_code == 302
    assert client.post(url, _consultation()).status_code == 302
    response = client.post(url, _consultation())
    assert response.status_code == 429
    assert ConsultationRequest.objects.count() == 2
    assert client.get(url).status_code == 200  # reading the form is never limited

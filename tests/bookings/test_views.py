"""Portal pages: names only for the booking lawyer and staff, id guessing, budgets, links."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.bookings import services
from apps.bookings.models import Booking, BookingStatus
from tests.members.factories import LawyerFactory

from .factories import SlotFactory

pytestmark = pytest.mark.django_db


def _book(slot, lawyer, detainee="钱某某"):
    return services.booking_create(
        slot_id=slot.pk,
        lawyer=lawyer,
        detainee_name=detainee,
        client_name="钱某某之兄",
        case_reference="涉嫌危险驾驶罪",
    )


def test_anonymous_is_sent_to_login(anonymous):
    slot = SlotFactory()
    for url in (
        reverse("bookings:home"),
        reverse("bookings:facility", args=[slot.room.facility_id]),
    ):
        response = anonymous.get(url)
        assert response.status_code == 302


def test_lawyer_books_through_the_portal(client, lawyer):
    slot = SlotFactory()
    client.force_login(lawyer.user)
    page = client.get(reverse("bookings:facility", args=[slot.room.facility_id]))
    assert f'value="{slot.pk}"' in page.content.decode()
    response = client.post(
        reverse("bookings:book", args=[slot.room.facility_id]),
        {
            "slot": slot.pk,
            "detainee_name": "孙某",
            "client_name": "孙某之母",
            "case_reference": "涉嫌帮信罪",
        },
    )
    booking = Booking.objects.get(lawyer=lawyer)
    assert response.status_code == 302
    assert "孙某之母" in client.get(reverse("bookings:booking", args=[booking.pk])).content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"slot": "abc", "detainee_name": "甲", "client_name": "乙", "case_reference": "丙"},
        {"slot": "999999", "detainee_name": "甲", "client_name": "乙", "case_reference": "丙"},
    ],
)
def test_bad_input_is_400(client, lawyer, data):
    slot = SlotFactory()
    client.force_login(lawyer.user)
    response = client.post(reverse("bookings:book", args=[slot.room.facility_id]), data)
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_slot_of_another_facility_is_refused(client, lawyer):
    slot = SlotFactory()
    elsewhere = SlotFactory()
    client.force_login(lawyer.user)
    response = client.post(
        reverse("bookings:book", args=[slot.room.facility_id]),
        {"slot": elsewhere.pk, "detainee_name": "甲", "client_name": "乙", "case_reference": "丙"},
    )
    assert response.status_code == 400


def test_conflict_is_409_with_a_clear_message(client, lawyer, outsider):
    slot = SlotFactory(capacity=3)
    _book(slot, outsider, detainee="周某")
    client.force_login(lawyer.user)
    response = client.post(
        reverse("bookings:book", args=[slot.room.facility_id]),
        {"slot": slot.pk, "detainee_name": "周某", "client_name": "乙", "case_reference": "丙"},
    )
    assert response.status_code == 409
    assert "该在押人员在此时段已有会见预约" in response.content.decode()


@pytest.mark.parametrize("who", ["outsider", "colleague", "reports", "editor"])
def test_others_cannot_see_or_cancel_a_booking(client, request, lawyer, who):
    booking = _book(SlotFactory(), lawyer)
    other = request.getfixturevalue(who)
    client.force_login(getattr(other, "user", other))
    assert client.get(reverse("bookings:booking", args=[booking.pk])).status_code == 404
    assert client.post(reverse("bookings:cancel", args=[booking.pk])).status_code == 404
    home = client.get(reverse("bookings:home")).content.decode()
    assert "钱某某" not in home
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.BOOKED


def test_member_services_see_the_names(client, lawyer, member_services):
    booking = _book(SlotFactory(), lawyer)
    client.force_login(member_services)
    response = client.get(reverse("bookings:booking", args=[booking.pk]))
    assert response.status_code == 200
    assert "钱某某之兄" in response.content.decode()


def test_owner_cancels(client, lawyer):
    booking = _book(SlotFactory(), lawyer)
    client.force_login(lawyer.user)
    assert client.post(reverse("bookings:cancel", args=[booking.pk])).status_code == 302
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED


def test_home_and_facility_query_budget(client, lawyer, django_assert_max_num_queries):
    slots = [SlotFactory(capacity=3) for _ in range(5)]
    for i, slot in enumerate(slots):
        _book(slot, lawyer if i == 0 else LawyerFactory(), detainee=f"人{i}")
    client.force_login(lawyer.user)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("bookings:home")).status_code == 200
    with django_assert_max_num_queries(10):
        facility = slots[0].room.facility_id
        assert client.get(reverse("bookings:facility", args=[facility])).status_code == 200


def test_confirm_link_pages(client, lawyer):
    booking = _book(SlotFactory(), lawyer)
    url = reverse("bookings:confirm_link", args=[services.confirm_link_token(booking)])
    assert client.get(url).status_code == 200
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.BOOKED
    assert client.post(url).status_code == 200
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED
    assert client.post(url).status_code == 410
    assert client.get(reverse("bookings:confirm_link", args=["x:y:z"])).status_code == 400


def test_portal_home_shows_my_bookings(client, lawyer):
    _book(SlotFactory(), lawyer)
    client.force_login(lawyer.user)
    body = client.get(reverse("members:home")).content.decode()
    assert "我的会见预约" in body

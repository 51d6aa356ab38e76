"""Portal pages: id guessing, query budgets, iCal files, signed links, bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from apps.events import services
from apps.events.models import Registration, RegistrationStatus, Tally, Vote
from tests.members.factories import LawyerFactory

from .factories import ClubFactory, ContestFactory, EntryFactory, EventFactory, MarathonFactory

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(anonymous):
    event = EventFactory()
    for url in (
        reverse("events:list"),
        reverse("events:event", args=[event.pk]),
        reverse("events:clubs"),
        reverse("events:contests"),
        reverse("events:checkin"),
    ):
        response = anonymous.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_public_listing_shows_published_events_only(anonymous):
    EventFactory(title="律师足球联赛开幕赛")
    EventFactory(title="未发布活动", published=False)
    body = anonymous.get("/events/").content.decode()
    assert "律师足球联赛开幕赛" in body
    assert "未发布活动" not in body


def test_register_for_the_marathon_with_a_distance(client, lawyer):
    marathon = MarathonFactory()
    client.force_login(lawyer.user)
    missing = client.post(reverse("events:register", args=[marathon.pk]))
    assert missing.status_code == 400
    ten = marathon.options.get(name="10 公里")
    response = client.post(reverse("events:register", args=[marathon.pk]), {"option": ten.pk})
    assert response.status_code == 302
    assert Registration.objects.get(lawyer=lawyer).option == ten
    again = client.post(reverse("events:register", args=[marathon.pk]), {"option": ten.pk})
    assert again.status_code == 409
    assert "已报名" in again.content.decode()


@pytest.mark.parametrize("bad", ["abc", "999999"])
def test_bad_option_is_400(client, lawyer, bad):
    marathon = MarathonFactory()
    client.force_login(lawyer.user)
    response = client.post(reverse("events:register", args=[marathon.pk]), {"option": bad})
    assert response.status_code == 400


def test_outsider_cannot_cancel_anothers_registration(client, lawyer, outsider):
    registration = services.registration_create(event=EventFactory(), lawyer=lawyer)
    client.force_login(outsider.user)
    assert client.post(reverse("events:cancel", args=[registration.pk])).status_code == 404
    assert client.post(reverse("events:cancel", args=[999999])).status_code == 404
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.REGISTERED


def test_owner_cancels_in_the_portal(client, lawyer):
    registration = services.registration_create(event=EventFactory(), lawyer=lawyer)
    client.force_login(lawyer.user)
    response = client.post(reverse("events:cancel", args=[registration.pk]))
    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CANCELLED


def test_unpublished_event_is_404(client, lawyer):
    client.force_login(lawyer.user)
    event = EventFactory(published=False)
    assert client.get(reverse("events:event", args=[event.pk])).status_code == 404
    assert client.get(reverse("events:event_ics", args=[event.pk])).status_code == 404


def test_event_list_query_budget(client, lawyer, django_assert_max_num_queries):
    client.force_login(lawyer.user)
    club = ClubFactory()
    for i in range(15):
        event = EventFactory(club=club if i % 2 else None)
        services.registration_create(event=event, lawyer=lawyer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("events:list")).status_code == 200


def test_club_and_contest_lists_query_budget(client, lawyer, django_assert_max_num_queries):
    client.force_login(lawyer.user)
    for _ in range(10):
        club = ClubFactory()
        EventFactory(club=club)
        ContestFactory()
    with django_assert_max_num_queries(10):
        assert client.get(reverse("events:clubs")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("events:contests")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("events:club", args=[club.slug])).status_code == 200


def test_event_ics_parses_back(client):
    event = EventFactory(title="法律科技沙龙：大模型与合规")
    response = client.get(reverse("events:event_ics", args=[event.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    (vevent,) = cal.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "法律科技沙龙：大模型与合规"
    assert vevent.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert str(vevent["UID"]).startswith(f"event-{event.pk}@")


def test_personal_feed_lists_own_events_behind_a_secret(client, lawyer, outsider):
    mine = EventFactory(title="我的活动")
    services.registration_create(event=mine, lawyer=lawyer)
    services.registration_create(event=EventFactory(title="别人的活动"), lawyer=outsider)
    feed = services.calendar_feed_get_or_create(lawyer=lawyer)
    response = client.get(reverse("events:calendar_feed", args=[feed.token]))
    summaries = [str(v["SUMMARY"]) for v in Calendar.from_ical(response.content).walk("VEVENT")]
    assert summaries == ["我的活动"]
    assert client.get(reverse("events:calendar_feed", args=["guess"])).status_code == 404
    renewed = services.calendar_feed_get_or_create(lawyer=lawyer, renew=True)
    assert client.get(reverse("events:calendar_feed", args=[feed.token])).status_code == 404
    assert client.get(reverse("events:calendar_feed", args=[renewed.token])).status_code == 200


def test_calendar_feed_query_budget(client, lawyer, django_assert_max_num_queries):
    for _ in range(12):
        services.registration_create(event=EventFactory(), lawyer=lawyer)
    feed = services.calendar_feed_get_or_create(lawyer=lawyer)
    with django_assert_max_num_queries(3):
        assert client.get(reverse("events:calendar_feed", args=[feed.token])).status_code == 200


# --- signed e-mail links ---------------------------------------------------------------


def test_cancel_link_asks_then_acts_once_without_login(client, lawyer):
    event = EventFactory(capacity=1)
    registration = services.registration_create(event=event, lawyer=lawyer)
    waiting = services.registration_create(event=event, lawyer=LawyerFactory())
    url = reverse("events:cancel_link", args=[services.cancel_link_token(registration)])
    assert client.get(url).status_code == 200  # a mail scanner's GET changes nothing
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.REGISTERED
    assert client.post(url).status_code == 200
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CANCELLED
    assert Registration.objects.get(pk=waiting.pk).status == RegistrationStatus.REGISTERED
    reused = client.post(url)
    assert reused.status_code == 410
    assert "已经使用过" in reused.content.decode()


def test_expired_cancel_link_is_410(client, lawyer, monkeypatch):
    registration = services.registration_create(event=EventFactory(), lawyer=lawyer)
    url = reverse("events:cancel_link", args=[services.cancel_link_token(registration)])
    later = timezone.now().timestamp() + services.CANCEL_LINK_MAX_AGE.total_seconds() + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.post(url)
    assert response.status_code == 410
    assert "已过期" in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.REGISTERED


@pytest.mark.parametrize("forge", ["other_pk", "garbage"])
def test_tampered_cancel_link_is_400(client, lawyer, outsider, forge):
    mine = services.registration_create(event=EventFactory(), lawyer=lawyer)
    theirs = services.registration_create(event=EventFactory(), lawyer=outsider)
    token = services.cancel_link_token(mine)
    if forge == "other_pk":
        token = token.replace(f"{mine.pk}:", f"{theirs.pk}:", 1)
    else:
        token = "not-a-token"
    response = client.post(reverse("events:cancel_link", args=[token]))
    assert response.status_code == 400
    assert Registration.objects.get(pk=theirs.pk).status == RegistrationStatus.REGISTERED


# --- contests --------------------------------------------------------------------------


def test_vote_once_per_category_through_the_portal(client, lawyer):
    entry = EntryFactory()
    other = EntryFactory(category=entry.category)
    contest = entry.category.contest
    client.force_login(lawyer.user)
    assert (
        client.post(reverse("events:vote", args=[contest.pk]), {"entry": entry.pk}).status_code
        == 302
    )
    second = client.post(reverse("events:vote", args=[contest.pk]), {"entry": other.pk})
    assert second.status_code == 409
    assert "限投一票" in second.content.decode()
    assert Vote.objects.filter(lawyer=lawyer).count() == 1


@pytest.mark.parametrize("bad", [{}, {"entry": "x"}, {"entry": "999999"}])
def test_bad_vote_is_4xx(client, lawyer, bad):
    contest = EntryFactory().category.contest
    client.force_login(lawyer.user)
    response = client.post(reverse("events:vote", args=[contest.pk]), bad)
    assert response.status_code in (400, 409)
    assert not Vote.objects.exists()


def test_entry_of_another_contest_is_refused(client, lawyer):
    entry = EntryFactory()
    other_contest = ContestFactory()
    client.force_login(lawyer.user)
    response = client.post(reverse("events:vote", args=[other_contest.pk]), {"entry": entry.pk})
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("tally", "closed", "visible"),
    [
        (Tally.LIVE, False, True),
        (Tally.HIDDEN, False, False),
        (Tally.HIDDEN, True, True),
        (Tally.LIVE, True, True),
    ],
)
def test_tallies_follow_staffs_choice(client, lawyer, tally, closed, visible):
    now = timezone.now()
    contest = ContestFactory(
        tally=tally,
        voting_opens_at=now - dt.timedelta(days=3),
        voting_closes_at=now - dt.timedelta(days=1) if closed else now + dt.timedelta(days=1),
    )
    EntryFactory(category__contest=contest, name="合同审查助手")
    client.force_login(lawyer.user)
    response = client.get(reverse("events:results", args=[contest.pk]))
    assert response.status_code == (200 if visible else 403)
    assert ("合同审查助手" in response.content.decode()) is visible


def test_staff_see_hidden_tallies(client, member_services):
    contest = ContestFactory(tally=Tally.HIDDEN)
    EntryFactory(category__contest=contest, name="智能合规平台")
    client.force_login(member_services)
    assert client.get(reverse("events:results", args=[contest.pk])).status_code == 200


def test_results_page_query_budget(client, lawyer, django_assert_max_num_queries):
    contest = ContestFactory(tally=Tally.LIVE)
    for _ in range(3):
        for entry in EntryFactory.create_batch(4, category__contest=contest):
            Vote.objects.create(category=entry.category, entry=entry, lawyer=LawyerFactory())
    client.force_login(lawyer.user)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("events:results", args=[contest.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("events:contest", args=[contest.pk])).status_code == 200


def test_portal_home_shows_my_upcoming_events(client, lawyer):
    services.registration_create(event=EventFactory(title="律师心理减压工作坊"), lawyer=lawyer)
    client.force_login(lawyer.user)
    assert "律师心理减压工作坊" in client.get(reverse("members:home")).content.decode()


def test_public_listing_query_budget(anonymous, django_assert_max_num_queries):
    club = ClubFactory()
    for i in range(25):
        EventFactory(club=club if i % 2 else None)
    with django_assert_max_num_queries(8):
        assert anonymous.get("/events/").status_code == 200
    assert anonymous.get("/events/", {"kind": "nonsense", "page": "x"}).status_code == 200


def test_english_pages_are_translated(client, lawyer):
    event = MarathonFactory()
    client.force_login(lawyer.user)
    body = client.get(f"/en/portal/events/{event.pk}/").content.decode()
    assert "My registrations" in body
    assert "Add to calendar" in body
    assert "Detention centres" in client.get("/en/portal/bookings/").content.decode()

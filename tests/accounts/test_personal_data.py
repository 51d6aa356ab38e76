"""A member downloads their own data (PIPL): /portal/my-data/.

The download is a ZIP with every app's section for the member (registered with
`apps.core.personal_data` from each app's ready()), needs a fresh re-authentication,
is logged, never holds another member's data and costs a bounded number of queries.
"""

from __future__ import annotations

import io
import json
import logging
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.accounts.roles import Role
from apps.core.personal_data import personal_data_collect, sections
from tests.accounts.factories import PASSWORD
from tests.security import test_authorization as builders

pytestmark = pytest.mark.django_db

URL = "/portal/my-data/"
SECTIONS = {
    "accounts",
    "members",
    "learning",
    "legalservices",
    "events",
    "bookings",
    "rights",
    "partyorg",
    "complaints",
    "news",
    "notifications",
}


def _world(lawyer, outsider, staff_user) -> builders.World:
    return builders.World(
        lawyer=lawyer,
        firm_admin=None,
        outsider=outsider,
        staff={role: staff_user(role) for role in (Role.COMPLAINTS_OFFICER, Role.MEMBER_SERVICES)},
        superuser=None,
    )


def _booking(lawyer, *, detainee: str):
    from apps.bookings.models import Booking
    from apps.bookings.workdays import booking_window
    from tests.bookings.factories import SlotFactory

    taken = Booking.objects.filter(lawyer=lawyer).count()
    slot = SlotFactory(date=booking_window(timezone.localdate(), taken + 1)[taken])
    return Booking.objects.create(
        slot=slot,
        lawyer=lawyer,
        facility=slot.room.facility,
        date=slot.date,
        half=slot.half,
        detainee_name=detainee,
        client_name="孙大伟",
        case_reference="（2026）沪0104刑初123号",
    )


def _seed(world: builders.World, *, detainee: str) -> None:
    """Something in every app for ``world.lawyer``."""
    from apps.events.services import vote_cast
    from tests.events.factories import EntryFactory
    from tests.legalservices.factories import ProBonoRecordFactory
    from tests.members.factories import AnnualReviewFactory, HonourFactory
    from tests.partyorg.factories import PartyMemberFactory

    lawyer = world.lawyer
    _booking(lawyer, detainee=detainee)
    builders._registration(world)
    builders._year(world)  # an enrolment completed: CLE hours credited
    builders._complaint(world)
    builders._rights_report(world)
    builders._relief(world)
    builders._notification(world)
    builders._contribution(world)
    builders._dues_payment(world)
    ProBonoRecordFactory(lawyer=lawyer)
    PartyMemberFactory(lawyer=lawyer)
    AnnualReviewFactory(lawyer=lawyer, note="内部备注，不给本人")
    HonourFactory(lawyer=lawyer, title=f"{lawyer.name}的荣誉", is_public=False)
    entry = EntryFactory()
    vote_cast(contest=entry.category.contest, entry_id=entry.pk, lawyer=lawyer)


def _more(world: builders.World) -> None:
    """More rows of the kinds a member collects many of."""
    from apps.members.models import DuesInvoice
    from tests.legalservices.factories import ProBonoRecordFactory
    from tests.members.factories import DuesInvoiceFactory

    _booking(world.lawyer, detainee="钱某某")
    builders._registration(world)
    builders._year(world)
    builders._notification(world)
    builders._contribution(world)
    builders._rights_report(world)
    ProBonoRecordFactory(lawyer=world.lawyer)
    DuesInvoiceFactory(lawyer=world.lawyer, year=2000 + DuesInvoice.objects.count())


@pytest.fixture
def seeded(lawyer, outsider, staff_user):
    _seed(_world(lawyer, outsider, staff_user), detainee="孙某某")
    # The outsider has data of their own that must never reach the lawyer's file.
    _seed(_world(outsider, lawyer, staff_user), detainee="周外人")
    return lawyer


def _signed_in(client, lawyer):
    """Signed in and re-authenticated through allauth's own form."""
    client.force_login(lawyer.user)
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302
    return client


def _download(client) -> tuple[dict, zipfile.ZipFile]:
    response = client.post(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return json.loads(archive.read("personal-data.json")), archive


def test_every_app_registers_a_section():
    assert {section.key for section in sections()} == SECTIONS


def test_download_holds_each_apps_section_for_the_member(client, seeded):
    data, archive = _download(_signed_in(client, seeded))
    found = data["sections"]
    assert set(found) == SECTIONS
    assert {f"sections/{key}.json" for key in SECTIONS} <= set(archive.namelist())
    assert found["accounts"]["data"]["account"]["email"] == "wangming@example.cn"
    lawyer = found["members"]["data"]["lawyer"]
    assert lawyer["name"] == "王明"
    assert lawyer["id_number"] == seeded.id_number  # the member's own, unmasked
    assert found["members"]["data"]["dues_invoices"][0]["payments"][0]["amount"] == "500.00"
    assert [r["result"] for r in found["members"]["data"]["annual_reviews"]] == ["称职"]
    # Even an honour not shown publicly is the member's own data; the reviewers' note is not.
    assert [h["title"] for h in found["members"]["data"]["honours"]] == ["王明的荣誉"]
    assert "内部备注" not in json.dumps(found, ensure_ascii=False)
    assert found["bookings"]["data"][0]["detainee_name"] == "孙某某"
    assert found["events"]["data"]["registrations"]
    assert found["events"]["data"]["votes"]
    assert found["learning"]["data"]["enrolments"]
    assert found["learning"]["data"]["credits"]
    assert found["legalservices"]["data"]["pro_bono_records"]
    assert found["rights"]["data"]["rights_reports"][0]["history"]
    assert found["rights"]["data"]["relief_applications"]
    assert found["partyorg"]["data"]["member"]["monthly_income"] == str(Decimal("8000.00"))
    assert found["complaints"]["data"]["as_respondent"][0]["facts"]
    assert found["news"]["data"][0]["title"]
    assert found["notifications"]["data"]
    assert data["user_id"] == seeded.user.pk


def test_another_members_data_never_appears(client, seeded, outsider):
    data, archive = _download(_signed_in(client, seeded))
    text = archive.read("personal-data.json").decode()
    assert "周外人" not in text  # the outsider's detainee
    assert outsider.name not in text
    assert outsider.licence_no not in text
    assert outsider.user.email not in text
    # nor the complainant's identity on the complaint the lawyer answers
    assert "complainant_name" not in json.dumps(data["sections"]["complaints"]["data"])


def test_secrets_and_staff_notes_stay_out(client, seeded):
    from apps.events.services import calendar_feed_get_or_create

    token = calendar_feed_get_or_create(lawyer=seeded).token
    _, archive = _download(_signed_in(client, seeded))
    text = archive.read("personal-data.json").decode()
    assert token not in text
    for secret in ("password", "session_key", "claim_token", "tracking_code_hash", "submit_token"):
        assert secret not in text


def test_anonymous_is_sent_to_login(client):
    for method in (client.get, client.post):
        response = method(URL)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_the_page_explains_and_the_download_needs_a_fresh_password(client, seeded):
    client.force_login(seeded.user)
    page = client.get(URL)
    assert page.status_code == 200
    assert "csrfmiddlewaretoken" in page.content.decode()
    for section in sections():
        assert str(section.label) in page.content.decode()
    response = client.post(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    # allauth kept the POST: confirming the password sends the file straight away.
    resumed = client.post(response["Location"], {"password": PASSWORD})
    assert resumed.status_code == 200
    assert resumed["Content-Type"] == "application/zip"


def test_a_wrong_password_gets_no_file(client, seeded):
    client.force_login(seeded.user)
    location = client.post(URL)["Location"]
    response = client.post(location, {"password": "not-the-password"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_each_download_is_logged_without_the_data(client, seeded, caplog):
    _signed_in(client, seeded)
    with caplog.at_level(logging.INFO, logger="shlawyers.auth"):
        client.post(URL)
    records = [r.auth for r in caplog.records if getattr(r, "auth", {}).get("event")]
    downloaded = [r for r in records if r["event"] == "personal_data_downloaded"]
    assert len(downloaded) == 1
    assert downloaded[0]["user_id"] == seeded.user.pk
    assert downloaded[0]["size"] > 0
    assert "孙某某" not in caplog.text


def test_a_signed_in_non_member_gets_their_account_only(client, reader):
    reader_lawyerless = _signed_in_user(client, reader)
    data, _ = _download(reader_lawyerless)
    assert set(data["sections"]) == {"accounts"}


def _signed_in_user(client, user):
    client.force_login(user)
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
    return client


def test_query_count_does_not_grow_with_the_data(
    client, lawyer, outsider, staff_user, django_assert_max_num_queries
):
    world = _world(lawyer, outsider, staff_user)
    _seed(world, detainee="孙某某")
    _signed_in(client, lawyer)
    with django_assert_max_num_queries(60) as small:
        client.post(URL)
    for _ in range(3):
        _more(world)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.post(URL)


def test_sections_leave_out_apps_with_nothing(reader):
    assert set(personal_data_collect(reader)) == {"accounts"}


def test_dates_are_local_iso_strings(lawyer):
    account = personal_data_collect(lawyer.user)["accounts"]["data"]["account"]
    joined = account["date_joined"]
    assert joined.startswith(str(timezone.localdate(lawyer.user.date_joined).year))
    assert joined.endswith("+08:00")

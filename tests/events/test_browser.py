"""A lawyer on a phone registers for the marathon (half distance), books a detainee visit
and sees both on the portal home; the pages are clean and accessible at 375 px."""

from __future__ import annotations

import pytest

from apps.bookings.models import Booking
from apps.events.models import Registration
from tests.bookings.factories import SlotFactory
from tests.browser.conftest import (  # noqa: F401 - browser, open_page: fixtures
    assert_accessible,
    assert_clean,
    assert_no_horizontal_overflow,
    browser,
    open_page,
)

from .factories import ContestFactory, EntryFactory, EventFactory, MarathonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lawyer_registers_for_marathon_books_a_visit_and_sees_both_at_375(
    open_page,  # noqa: F811
    lawyer,
    tmp_path,
):
    marathon = MarathonFactory(title="2026 律师半程马拉松")
    slot = SlotFactory(room__facility__name="上海市第一看守所")
    page = open_page("/portal/events/", width=375, user=lawyer.user)
    page.get_by_role("link", name=marathon.title).first.click()
    page.get_by_label("半程马拉松").check()
    page.get_by_role("button", name="报名").click()
    page.wait_for_load_state()
    assert "报名成功" in page.content()
    assert Registration.objects.get(lawyer=lawyer).option.name == "半程马拉松"
    page.screenshot(path=str(tmp_path / "event-375.png"), full_page=True)

    base = page.url.split("/portal/")[0]
    page.goto(base + "/portal/bookings/")
    page.get_by_role("link", name="上海市第一看守所").click()
    page.locator(f"#slot-{slot.pk}").check()
    page.get_by_label("在押人员姓名").fill("陆某某")
    page.get_by_label("委托人姓名").fill("陆某某之妻")
    page.get_by_label("案由/案号").fill("涉嫌非法吸收公众存款罪")
    page.get_by_role("button", name="提交预约").click()
    page.wait_for_load_state()
    assert "预约成功" in page.content()
    assert Booking.objects.get(lawyer=lawyer).detainee_name == "陆某某"
    page.screenshot(path=str(tmp_path / "booking-375.png"), full_page=True)

    page.goto(base + "/portal/")
    events = page.locator("section", has=page.get_by_role("heading", name="我的活动"))
    assert marathon.title in events.inner_text()
    bookings = page.locator("section", has=page.get_by_role("heading", name="我的会见预约"))
    assert "上海市第一看守所" in bookings.inner_text()
    assert_no_horizontal_overflow(page)
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "portal-375.png"), full_page=True)
    print(tmp_path)


@pytest.mark.parametrize(
    "path",
    [
        "/portal/events/",
        "/portal/events/clubs/",
        "/portal/events/contests/",
        "/portal/events/check-in/",
        "/portal/bookings/",
        "/events/",
    ],
)
def test_event_and_booking_pages_are_clean_and_accessible_on_a_phone(open_page, lawyer, path):  # noqa: F811
    EventFactory()
    MarathonFactory()
    EntryFactory(category__contest=ContestFactory())
    SlotFactory()
    page = open_page(path, width=375, user=lawyer.user)
    assert_clean(page)
    assert_no_horizontal_overflow(page)
    assert_accessible(page)


def test_event_contest_and_facility_detail_pages_are_accessible(open_page, lawyer):  # noqa: F811
    marathon = MarathonFactory()
    entry = EntryFactory()
    slot = SlotFactory()
    for path in (
        f"/portal/events/{marathon.pk}/",
        f"/portal/events/contests/{entry.category.contest_id}/",
        f"/portal/bookings/facilities/{slot.room.facility_id}/",
    ):
        page = open_page(path, width=375, user=lawyer.user)
        assert_clean(page)
        assert_no_horizontal_overflow(page)
        assert_accessible(page)

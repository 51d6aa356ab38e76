"""The visitor's journey on a phone (375 px) in a real browser: find a lawyer by pinyin,
book a 3·15 consultation slot, find a firm's Singapore office on the world map.

Chromium and its skip rule come from tests/browser/conftest.py.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.legalservices.models import EventKind, SlotBooking
from apps.legalservices.services.search import search_reindex_all
from tests.browser.conftest import (  # noqa: F401 - browser, open_page: fixtures
    assert_accessible,
    assert_clean,
    assert_no_horizontal_overflow,
    browser,
    open_page,
)
from tests.legalservices.factories import (
    EventSlotFactory,
    OverseasOfficeFactory,
    ProBonoEventFactory,
)
from tests.members.factories import LawFirmFactory, LawyerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def city():
    firm = LawFirmFactory(name="上海申衡律师事务所")
    LawyerFactory(firm=firm, name="张伟")
    LawyerFactory(firm=firm, name="李娜")
    OverseasOfficeFactory(firm=firm, name="申衡新加坡办公室")
    OverseasOfficeFactory(
        name="浦瀚伦敦办公室",
        country="GB",
        city="伦敦",
        city_en="London",
        latitude="51.50735",
        longitude="-0.12776",
    )
    event = ProBonoEventFactory(
        title="3·15 消费者权益保护公益咨询",
        kind=EventKind.CONSUMER_DAY,
        starts_at=timezone.now() + dt.timedelta(days=5),
    )
    EventSlotFactory(event=event, capacity=2)
    search_reindex_all()
    return {"firm": firm, "event": event}


def test_visitor_finds_lawyer_books_slot_and_finds_singapore_office_on_a_phone(
    open_page,  # noqa: F811
    city,
):
    # 1. Find a lawyer by pinyin.
    page = open_page("/lawyers/", width=375)
    page.get_by_label("姓名、拼音或执业证号").fill("zhangwei")
    page.get_by_role("button", name="查询", exact=True).click()
    page.get_by_role("link", name="张伟").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("张伟")
    expect(page.locator("dl.facts")).to_contain_text("上海申衡律师事务所")
    assert_no_horizontal_overflow(page)
    assert_accessible(page)

    # 2. Book a 3·15 consultation slot.
    page.goto(page.url.split("/lawyers/")[0] + "/legal-help/")
    page.get_by_role("link", name="3·15 消费者权益保护公益咨询").click()
    page.locator("input[name=slot]").first.check()
    page.get_by_label("称呼").fill("王先生")
    page.get_by_label("联系电话").fill("13800001234")
    page.get_by_role("button", name="确认预约").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("预约成功")
    booking = SlotBooking.objects.get()
    expect(page.locator("main")).to_contain_text(booking.reference)
    assert_no_horizontal_overflow(page)

    # 3. Find the firm's office in Singapore on the map.
    page = open_page("/overseas/", width=375)
    page.wait_for_selector("#overseas-map.is-drawn canvas")
    page.locator("#overseas-map").scroll_into_view_if_needed()
    local = page.evaluate(
        """() => {
            const el = document.getElementById('overseas-map');
            const chart = echarts.getInstanceByDom(el);
            const sg = chart.getOption().series[0].data.find(d => d.name === '新加坡');
            const [x, y] = chart.convertToPixel({seriesIndex: 0}, [sg.value[0], sg.value[1]]);
            const box = el.getBoundingClientRect();
            return {x: box.left + x, y: box.top + y};
        }"""
    )
    page.mouse.click(local["x"], local["y"])
    page.wait_for_url(re.compile(r"country=SG"))
    expect(page.locator("#offices")).to_contain_text("申衡新加坡办公室")
    expect(page.locator("#offices")).not_to_contain_text("浦瀚伦敦办公室")
    assert_no_horizontal_overflow(page)
    assert_clean(page)
    assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    ["/lawyers/?q=zhang", "/firms/", "/overseas/", "/legal-help/", "/legal-help/consultation/"],
)
def test_public_pages_are_clean_and_accessible_at_375(open_page, city, path):  # noqa: F811
    page = open_page(path, width=375)
    assert_clean(page)
    assert_no_horizontal_overflow(page)
    assert_accessible(page)

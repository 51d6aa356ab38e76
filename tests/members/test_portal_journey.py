"""The whole member journey in one browser, on a phone (375 px): a lawyer without an
account activates it with the mailed code, logs in with the new password, enrols in and
completes an online CLE course, signs up for the marathon, books a detainee visit, and
sees all of it — and this year's dues — on the portal home without sideways scrolling."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from allauth.account.internal.flows.email_verification_by_code import (
    EMAIL_VERIFICATION_CODE_SESSION_KEY,
)
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from apps.bookings.models import Booking
from apps.events.models import Registration
from apps.learning.models import Enrolment
from apps.members.services.dues_rules import fee_year_of
from tests.bookings.factories import SlotFactory
from tests.browser import conftest as browser_fixtures
from tests.browser.conftest import (
    assert_accessible,
    assert_clean,
    assert_no_horizontal_overflow,
)
from tests.events.factories import MarathonFactory
from tests.learning.factories import OnlineCourseFactory
from tests.members.factories import DuesInvoiceFactory, LawyerFactory, MembershipFactory

browser = browser_fixtures.browser
open_page = browser_fixtures.open_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Zhi-ye-2026!pass"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth allows one code per address every 3 minutes (counted in the cache)."""
    from django.core.cache import cache

    cache.clear()


def test_activate_learn_run_book_and_see_it_all_on_the_portal_at_375(open_page, firm, tmp_path):
    lawyer = LawyerFactory(firm=firm, name="孙丽", email="sunli@lawyers.example.cn")
    MembershipFactory(lawyer=lawyer)
    year = fee_year_of(timezone.localdate())
    DuesInvoiceFactory(
        lawyer=lawyer,
        year=year,
        amount=Decimal("2400.00"),
        issued_on=dt.date(year, 7, 10),
        due_date=timezone.localdate() + dt.timedelta(days=20),
    )
    course = OnlineCourseFactory(title="律师职业道德与执业纪律", duration_minutes=90)
    marathon = MarathonFactory(title="2026 律师半程马拉松")
    slot = SlotFactory(room__facility__name="上海市第一看守所")

    # 1. Activation: licence number, name and e-mail on record, then the mailed code.
    page = open_page("/accounts/signup/", width=375)
    assert_clean(page)
    base = page.url.split("/accounts/")[0]
    page.fill("input[name=licence_no]", lawyer.licence_no)
    page.fill("input[name=name]", "孙丽")
    page.fill("input[name=email]", lawyer.email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("main form.form .button").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/accounts/confirm-email/")
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    code = SessionStore(session_key=cookie["value"])[EMAIL_VERIFICATION_CODE_SESSION_KEY]["code"]
    page.fill("input[name=code]", code)
    page.locator("main form.form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    lawyer.refresh_from_db()
    assert lawyer.user is not None

    # 2. A fresh session: log in with the address and the password just chosen.
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/")
    page.fill("input[name=login]", lawyer.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    assert "/portal/" in page.url, page.url

    # 3. CLE: enrol in the online course, study it, complete it.
    page.goto(base + "/portal/learning/courses/")
    page.get_by_role("link", name=course.title).click()
    page.get_by_role("button", name="报名").click()
    page.wait_for_load_state()
    assert "报名成功" in page.content()
    # Studying takes the course's length: the lawyer comes back 90 minutes later.
    Enrolment.objects.filter(lawyer=lawyer, course=course).update(
        enrolled_at=timezone.now() - dt.timedelta(minutes=91)
    )
    page.get_by_role("button", name="完成学习").click()
    page.wait_for_load_state()
    assert "计入 2.00 学时" in page.content()

    # 4. The marathon, half distance.
    page.goto(base + "/portal/events/")
    page.get_by_role("link", name=marathon.title).first.click()
    page.get_by_label("半程马拉松").check()
    page.get_by_role("button", name="报名").click()
    page.wait_for_load_state()
    assert "报名成功" in page.content()
    assert Registration.objects.get(lawyer=lawyer).option.name == "半程马拉松"

    # 5. A detainee visit.
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

    # 6. All of it on the portal home, on a phone.
    page.goto(base + "/portal/")
    assert "孙丽律师，您好" in page.content()
    cle = page.locator("section", has=page.get_by_role("heading", name="年度继续教育"))
    assert "2.00" in cle.inner_text()
    events = page.locator("section", has=page.get_by_role("heading", name="我的活动"))
    assert marathon.title in events.inner_text()
    bookings = page.locator("section", has=page.get_by_role("heading", name="我的会见预约"))
    assert "上海市第一看守所" in bookings.inner_text()
    dues = page.locator("section.portal-dues")
    assert "2400.00" in dues.inner_text()
    assert f"{year}–{year + 1} 年度会费待缴" in dues.inner_text()
    assert_no_horizontal_overflow(page)
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "portal-375.png"), full_page=True)
    print(tmp_path)

"""Portal pages: who sees what, id guessing, query budgets, the certificate, the card."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from apps.learning import card as member_card
from apps.learning import services
from apps.learning.models import CreditEntry, Enrolment, EnrolmentStatus, Mode
from apps.members.models import LawyerStatus

from .factories import CreditFactory, OnlineCourseFactory, OnsiteCourseFactory

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(anonymous):
    for name in ("learning:home", "learning:courses", "learning:checkin", "learning:card"):
        response = anonymous.get(reverse(name))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_lawyer_sees_progress_and_catalogue(client, lawyer):
    course = OnlineCourseFactory(title="习近平法治思想专题学习")
    OnlineCourseFactory(title="未发布的课程", published=False)
    client.force_login(lawyer.user)
    home = client.get(reverse("learning:home"))
    assert home.status_code == 200
    assert "律师云学院" in home.content.decode()
    listing = client.get(reverse("learning:courses")).content.decode()
    assert course.title in listing
    assert "未发布的课程" not in listing
    assert client.get(reverse("learning:courses"), {"category": "nonsense"}).status_code == 200


def test_unpublished_course_is_404(client, lawyer):
    client.force_login(lawyer.user)
    course = OnlineCourseFactory(published=False)
    assert client.get(reverse("learning:course", args=[course.pk])).status_code == 404


def test_enrol_and_complete_through_the_portal(client, lawyer):
    course = OnlineCourseFactory(duration_minutes=45)
    client.force_login(lawyer.user)
    response = client.post(reverse("learning:enrol", args=[course.pk]))
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(lawyer=lawyer, course=course)
    too_soon = client.post(reverse("learning:complete", args=[enrolment.pk]))
    assert too_soon.status_code == 409
    assert "学习时长不足" in too_soon.content.decode()
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=timezone.now() - dt.timedelta(minutes=46)
    )
    done = client.post(reverse("learning:complete", args=[enrolment.pk]))
    assert done.status_code == 302
    assert CreditEntry.objects.get(lawyer=lawyer).minutes == 45


def test_enrolling_in_a_full_course_is_a_409_with_a_message(client, lawyer, colleague):
    course = OnsiteCourseFactory(capacity=1)
    services.enrolment_create(course=course, lawyer=colleague)
    client.force_login(lawyer.user)
    response = client.post(reverse("learning:enrol", args=[course.pk]))
    assert response.status_code == 409
    assert "名额已满" in response.content.decode()


@pytest.mark.parametrize("action", ["cancel", "complete"])
def test_outsider_cannot_touch_anothers_enrolment_by_id(client, lawyer, outsider, action):
    enrolment = services.enrolment_create(course=OnlineCourseFactory(), lawyer=lawyer)
    client.force_login(outsider.user)
    assert client.post(reverse(f"learning:{action}", args=[enrolment.pk])).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED


def test_staff_without_lawyer_record_cannot_enrol(client, member_services):
    client.force_login(member_services)
    course = OnlineCourseFactory()
    assert client.post(reverse("learning:enrol", args=[course.pk])).status_code == 404


def test_checkin_page_credits_and_bad_code_is_400(client, lawyer):
    now = timezone.now()
    OnsiteCourseFactory(
        checkin_code="HALL23",
        starts_at=now - dt.timedelta(minutes=10),
        ends_at=now + dt.timedelta(minutes=80),
        duration_minutes=90,
    )
    client.force_login(lawyer.user)
    assert client.get(reverse("learning:checkin"), {"code": "HALL23"}).status_code == 200
    bad = client.post(reverse("learning:checkin"), {"code": "NOPE99"})
    assert bad.status_code == 400
    assert "签到码无效" in bad.content.decode()
    assert client.post(reverse("learning:checkin"), {"code": "hall23"}).status_code == 302
    assert CreditEntry.objects.get(lawyer=lawyer).mode == Mode.ONSITE


def test_certificate_is_a_pdf_with_chinese_text_for_the_lawyer_only(client, lawyer, outsider):
    year = timezone.localdate().year
    CreditFactory(
        lawyer=lawyer,
        mode=Mode.ONSITE,
        minutes=135,
        title="律师职业道德专题培训",
        credited_on=dt.date(year, 1, 5),
    )
    CreditFactory(
        lawyer=outsider,
        mode=Mode.ONSITE,
        minutes=1800,
        title="别人的课程",
        credited_on=dt.date(year, 1, 5),
    )
    client.force_login(lawyer.user)
    response = client.get(reverse("learning:certificate", args=[year]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "律师继续教育学时证明" in text
    assert lawyer.name in text
    assert "律师职业道德专题培训" in text
    assert "别人的课程" not in text
    assert client.get(reverse("learning:certificate", args=[year + 1])).status_code == 404
    assert client.get(reverse("learning:certificate", args=[1990])).status_code == 404


def test_course_list_query_budget_does_not_grow(client, lawyer, django_assert_max_num_queries):
    client.force_login(lawyer.user)
    OnlineCourseFactory.create_batch(2)
    client.get(reverse("learning:courses"))
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("learning:courses"))
    OnlineCourseFactory.create_batch(15)
    OnsiteCourseFactory.create_batch(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("learning:courses")).status_code == 200


def test_learning_home_query_budget_does_not_grow(client, lawyer, django_assert_max_num_queries):
    client.force_login(lawyer.user)
    services.enrolment_create(course=OnlineCourseFactory(), lawyer=lawyer)
    client.get(reverse("learning:home"))
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("learning:home"))
    for course in OnlineCourseFactory.create_batch(20):
        services.enrolment_create(course=course, lawyer=lawyer)
        CreditFactory(lawyer=lawyer)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("learning:home")).status_code == 200


def test_portal_home_shows_cle_progress_within_budget(
    client, lawyer, django_assert_max_num_queries
):
    client.force_login(lawyer.user)
    CreditFactory(
        lawyer=lawyer,
        mode=Mode.ONSITE,
        minutes=450,
        credited_on=dt.date(timezone.localdate().year, 1, 10),
    )
    client.get(reverse("members:home"))
    with django_assert_max_num_queries(25) as small:
        page = client.get(reverse("members:home")).content.decode()
    assert "年度继续教育" in page
    assert "10.00" in page
    assert "电子会员证" in page
    CreditFactory.create_batch(30, lawyer=lawyer)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("members:home")).status_code == 200


# --- the member card ------------------------------------------------------------------------


def test_card_opens_a_public_page_with_name_firm_status_only(client, anonymous, lawyer):
    client.force_login(lawyer.user)
    page = client.get(reverse("learning:card"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    url = page.context["verify_url"]
    public = anonymous.get(url)
    body = public.content.decode()
    assert public.status_code == 200
    assert lawyer.name in body
    assert lawyer.firm.name in body
    assert "执业" in body
    for private in (lawyer.mobile, lawyer.email, lawyer.id_number):
        assert private not in body


def test_card_page_shows_current_status(anonymous, lawyer):
    token = member_card.card_token(lawyer=lawyer)
    lawyer.status = LawyerStatus.SUSPENDED
    lawyer.save(update_fields=["status"])
    body = anonymous.get(reverse("learning_public:verify", args=[token])).content.decode()
    assert "停止执业" in body


def test_expired_card_is_410(anonymous, lawyer, monkeypatch):
    token = member_card.card_token(lawyer=lawyer)
    monkeypatch.setattr(member_card, "CARD_MAX_AGE", -1)
    response = anonymous.get(reverse("learning_public:verify", args=[token]))
    assert response.status_code == 410
    assert "已过期" in response.content.decode()


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        signing.dumps({"l": 1}, salt="some-other-salt"),
        signing.dumps({"l": 1}, salt=member_card.SALT, key="not-our-secret-key"),
    ],
    # Fixed ids: signed tokens carry a timestamp, and pytest-xdist workers must collect
    # the same test names.
    ids=["not-a-token", "other-salt", "other-key"],
)
def test_forged_card_is_400(anonymous, token):
    response = anonymous.get(reverse("learning_public:verify", args=[token]))
    assert response.status_code == 400
    assert "无法核验" in response.content.decode()


# --- staff ------------------------------------------------------------------------------------


def test_member_services_credit_by_hand_with_reason(client, member_services, lawyer):
    client.force_login(member_services)
    url = reverse("admin:learning_credit")
    data = {
        "licence_no": lawyer.licence_no,
        "hours": "2",
        "mode": Mode.ONSITE,
        "credited_on": "2026-05-01",
        "title": "区律工委专题讲座",
        "reason": "",
    }
    assert client.post(url, data).status_code == 400
    data["reason"] = "签到系统故障，按纸质签到表补登"
    assert client.post(url, data).status_code == 302
    entry = CreditEntry.objects.get()
    assert entry.credited_by == member_services
    assert entry.minutes == 90


@pytest.mark.parametrize("persona", ["reports", "editor"])
def test_credit_form_refuses_roles_without_the_permission(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("admin:learning_credit")).status_code == 403


def test_compliance_list_filters_short_of_hours(
    client, reports, lawyer, colleague, django_assert_max_num_queries
):
    year = timezone.localdate().year
    CreditFactory(lawyer=colleague, mode=Mode.ONSITE, minutes=1800, credited_on=dt.date(year, 2, 1))
    client.force_login(reports)
    url = reverse("admin:learning_compliance")
    with django_assert_max_num_queries(15):
        page = client.get(url, {"short": "on", "year": year})
    body = page.content.decode()
    assert page.status_code == 200
    assert lawyer.name in body
    assert colleague.name not in body


def test_credit_changelist_links_compliance_and_credit_form(client, member_services):
    client.force_login(member_services)
    page = client.get(reverse("admin:learning_creditentry_changelist")).content.decode()
    assert reverse("admin:learning_compliance") in page
    assert reverse("admin:learning_credit") in page


def test_learning_pages_render_in_english(client, lawyer):
    client.force_login(lawyer.user)
    page = client.get("/en/portal/learning/").content.decode()
    assert "CLE Academy" in page
    assert "律师云学院" not in page.split("<main", 1)[-1]


def test_onsite_course_admin_shows_a_checkin_qr_to_project(client, member_services):
    course = OnsiteCourseFactory(checkin_code="ROOM23")
    client.force_login(member_services)
    page = client.get(reverse("admin:learning_course_change", args=[course.pk])).content.decode()
    assert "<svg" in page
    assert "check-in/?code=ROOM23" in page


def test_guessing_checkin_codes_is_throttled(client, lawyer):
    from django.core.cache import cache

    from apps.learning.services import CHECKIN_MAX_FAILURES

    cache.clear()
    now = timezone.now()
    OnsiteCourseFactory(
        checkin_code="REAL23",
        starts_at=now - dt.timedelta(minutes=5),
        ends_at=now + dt.timedelta(minutes=85),
        duration_minutes=90,
    )
    client.force_login(lawyer.user)
    for attempt in range(CHECKIN_MAX_FAILURES):
        guess = client.post(reverse("learning:checkin"), {"code": f"GUES{attempt:02d}"})
        assert guess.status_code == 400
    # Even the right code is refused once the lawyer has guessed too often.
    response = client.post(reverse("learning:checkin"), {"code": "REAL23"})
    assert response.status_code == 429
    assert "次数过多" in response.content.decode()
    assert not CreditEntry.objects.exists()
    cache.clear()

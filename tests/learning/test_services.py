"""Enrolment, completion, check-in, manual credit (补登), reminders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from apps.core.exceptions import DomainError
from apps.learning import selectors, services
from apps.learning.models import CreditEntry, EnrolmentStatus, Mode, Reminder
from apps.members.models import LawyerCategory, LawyerStatus
from apps.notifications.models import Notification
from tests.members.factories import LawyerFactory

from .factories import CreditFactory, OnlineCourseFactory, OnsiteCourseFactory

pytestmark = pytest.mark.django_db


def test_enrol_then_complete_online_course_credits_its_hours(lawyer):
    course = OnlineCourseFactory(duration_minutes=90)
    enrolment = services.enrolment_create(course=course, lawyer=lawyer)
    credit = services.enrolment_complete(
        enrolment=enrolment, now=enrolment.enrolled_at + dt.timedelta(minutes=90)
    )
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert (credit.minutes, credit.hours, credit.mode) == (90, Decimal("2.00"), Mode.ONLINE)


def test_online_course_cannot_be_completed_before_its_length_has_passed(lawyer):
    course = OnlineCourseFactory(duration_minutes=90)
    enrolment = services.enrolment_create(course=course, lawyer=lawyer)
    with pytest.raises(DomainError, match="学习时长不足"):
        services.enrolment_complete(
            enrolment=enrolment, now=enrolment.enrolled_at + dt.timedelta(minutes=30)
        )
    assert not CreditEntry.objects.exists()


def test_completing_twice_credits_once(lawyer):
    enrolment = services.enrolment_create(course=OnlineCourseFactory(), lawyer=lawyer)
    later = timezone.now() + dt.timedelta(hours=3)
    services.enrolment_complete(enrolment=enrolment, now=later)
    with pytest.raises(DomainError):
        services.enrolment_complete(enrolment=enrolment, now=later)
    assert CreditEntry.objects.count() == 1


def test_enrolling_twice_is_refused(lawyer):
    course = OnlineCourseFactory()
    services.enrolment_create(course=course, lawyer=lawyer)
    with pytest.raises(DomainError, match="已报名"):
        services.enrolment_create(course=course, lawyer=lawyer)


def test_full_course_refuses_and_cancel_frees_a_place(lawyer, colleague, outsider):
    course = OnsiteCourseFactory(capacity=2)
    first = services.enrolment_create(course=course, lawyer=lawyer)
    services.enrolment_create(course=course, lawyer=colleague)
    with pytest.raises(DomainError, match="名额已满"):
        services.enrolment_create(course=course, lawyer=outsider)
    services.enrolment_cancel(enrolment=first)
    services.enrolment_create(course=course, lawyer=outsider)
    course.refresh_from_db()
    assert course.enrolled_count == 2


def test_unpublished_course_and_suspended_lawyer_cannot_enrol(lawyer):
    with pytest.raises(DomainError):
        services.enrolment_create(course=OnlineCourseFactory(published=False), lawyer=lawyer)
    suspended = LawyerFactory(status=LawyerStatus.SUSPENDED)
    with pytest.raises(DomainError):
        services.enrolment_create(course=OnlineCourseFactory(), lawyer=suspended)


def test_checkin_code_credits_onsite_hours_without_paperwork(lawyer):
    course = OnsiteCourseFactory(duration_minutes=135, checkin_code="ABC234")
    services.enrolment_create(course=course, lawyer=lawyer)
    credit = services.checkin(lawyer=lawyer, code=" abc234 ", now=course.starts_at)
    assert (credit.mode, credit.hours, credit.source) == (Mode.ONSITE, Decimal("3.00"), "course")
    with pytest.raises(DomainError, match="已签到"):
        services.checkin(lawyer=lawyer, code="ABC234", now=course.starts_at)


def test_checkin_enrols_a_walk_in_while_places_remain(lawyer, colleague):
    course = OnsiteCourseFactory(capacity=1, checkin_code="WALK23")
    services.checkin(lawyer=lawyer, code="WALK23", now=course.starts_at)
    with pytest.raises(DomainError, match="名额已满"):
        services.checkin(lawyer=colleague, code="WALK23", now=course.starts_at)


@pytest.mark.parametrize(
    ("offset", "message"),
    [
        (dt.timedelta(minutes=-31), "尚未开始"),
        (dt.timedelta(minutes=-30), None),
        (dt.timedelta(minutes=135), None),
        (dt.timedelta(minutes=136), "已结束"),
    ],
)
def test_checkin_is_open_from_30_minutes_before_until_the_end(lawyer, offset, message):
    course = OnsiteCourseFactory(duration_minutes=135, checkin_code="TIME23")
    now = course.starts_at + offset
    if message:
        with pytest.raises(DomainError, match=message):
            services.checkin(lawyer=lawyer, code="TIME23", now=now)
    else:
        assert services.checkin(lawyer=lawyer, code="TIME23", now=now).minutes == 135


def test_wrong_checkin_code_is_refused(lawyer):
    OnsiteCourseFactory(checkin_code="RIGHT2")
    with pytest.raises(DomainError, match="签到码无效"):
        services.checkin(lawyer=lawyer, code="WRONG2")


def test_onsite_course_gets_a_checkin_code_when_saved(member_services):
    course = OnsiteCourseFactory.build(checkin_code="")
    services.course_save(course=course)
    assert len(course.checkin_code) == services.CHECKIN_LENGTH


def test_manual_credit_needs_a_reason(member_services, lawyer):
    with pytest.raises(DomainError, match="理由"):
        services.credit_manual(
            actor=member_services,
            lawyer=lawyer,
            hours="2",
            mode=Mode.ONSITE,
            title="区司法局专题培训",
            credited_on=timezone.localdate(),
            reason="  ",
        )
    assert not CreditEntry.objects.exists()


@pytest.mark.parametrize("persona", ["reports", "editor", "lawyer_user"])
def test_manual_credit_needs_the_permission(request, lawyer, persona):
    actor = lawyer.user if persona == "lawyer_user" else request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.credit_manual(
            actor=actor,
            lawyer=lawyer,
            hours="2",
            mode=Mode.ONSITE,
            title="培训",
            credited_on=timezone.localdate(),
            reason="纸质签到表补录",
        )


def test_manual_credit_records_who_and_why(member_services, lawyer):
    entry = services.credit_manual(
        actor=member_services,
        lawyer=lawyer,
        hours=Decimal("2.5"),
        mode=Mode.ONSITE,
        title="浦东新区律师工作委员会专题讲座",
        credited_on=timezone.localdate(),
        reason="现场签到系统故障，按纸质签到表补登",
    )
    assert (entry.minutes, entry.hours, entry.credited_by, entry.source) == (
        113,
        Decimal("2.51"),
        member_services,
        "manual",
    )


def test_credit_from_another_app_counts_once_per_reference(lawyer):
    kwargs = {
        "lawyer": lawyer,
        "minutes": 90,
        "mode": Mode.ONSITE,
        "title": "法律科技沙龙",
        "credited_on": timezone.localdate(),
        "reference": "events:registration:7",
    }
    assert services.credit_record(**kwargs) is not None
    assert services.credit_record(**kwargs) is None
    assert CreditEntry.objects.count() == 1


def test_online_hours_count_april_to_march_onsite_by_calendar_year(lawyer):
    on = dt.date
    CreditFactory(lawyer=lawyer, mode=Mode.ONLINE, minutes=45, credited_on=on(2026, 3, 31))  # 2025
    CreditFactory(lawyer=lawyer, mode=Mode.ONLINE, minutes=90, credited_on=on(2026, 4, 1))  # 2026
    CreditFactory(lawyer=lawyer, mode=Mode.ONLINE, minutes=45, credited_on=on(2027, 3, 31))  # 2026
    CreditFactory(lawyer=lawyer, mode=Mode.ONSITE, minutes=135, credited_on=on(2026, 1, 1))  # 2026
    CreditFactory(lawyer=lawyer, mode=Mode.ONSITE, minutes=45, credited_on=on(2027, 1, 2))  # 2027
    progress = selectors.progress_for_lawyer(lawyer=lawyer, year=2026)
    assert (progress.online, progress.onsite, progress.earned) == (
        Decimal("3.00"),
        Decimal("3.00"),
        Decimal("6.00"),
    )
    assert selectors.progress_for_lawyer(lawyer=lawyer, year=2025).online == Decimal("1.00")
    assert len(selectors.credits_for_year(lawyer=lawyer, year=2026)) == 3


def test_progress_uses_part_time_and_age_from_the_record(lawyer):
    lawyer.category = LawyerCategory.PART_TIME
    assert selectors.progress_for_lawyer(lawyer=lawyer, year=2026).required == 24
    lawyer.category = LawyerCategory.FULL_TIME
    lawyer.id_number = "310101196001011234"
    assert selectors.progress_for_lawyer(lawyer=lawyer, year=2026).reason == "age_65"


def test_reminders_go_to_those_short_of_hours_once_a_month(lawyer, colleague):
    CreditFactory(lawyer=colleague, mode=Mode.ONSITE, minutes=1800, credited_on=dt.date(2026, 5, 1))
    today = dt.date(2026, 11, 1)
    assert services.reminders_send(today=today) == 1
    assert services.reminders_send(today=today) == 0
    note = Notification.objects.get()
    assert note.recipient == lawyer.user
    assert note.key == services.REMINDER_KEY
    assert note.context["short"] == "40.00"
    assert note.context["deadline"] == "2027-03-31"
    assert Reminder.objects.filter(lawyer=lawyer, year=2026, round="2026-11").exists()
    assert services.reminders_send(today=dt.date(2026, 12, 1)) == 1

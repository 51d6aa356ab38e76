"""Writes for the CLE academy: enrol, cancel, complete, check in, credit, remind.

Capacity is held by a conditional UPDATE (``enrolled_count < capacity``), which PostgreSQL
re-checks after a concurrent update commits, backed by a CHECK constraint; one enrolment
per course and lawyer is a unique constraint. Hours are stored as minutes (45 = 1 hour).
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.exceptions import DomainError
from apps.members.models import Lawyer, LawyerStatus

from . import rules
from .models import (
    CardPhoto,
    Course,
    CreditEntry,
    CreditSource,
    Enrolment,
    EnrolmentStatus,
    Mode,
    Reminder,
)
from .permissions import can_credit_hours

CHECKIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a hall
CHECKIN_LENGTH = 6
# Check-in opens this long before an on-site course starts.
CHECKIN_EARLY = dt.timedelta(minutes=30)
REMINDER_KEY = "learning_cle_reminder"
# Wrong check-in codes a lawyer may enter per hour: codes are short enough to read aloud,
# so guessing one for a course the lawyer did not attend must not be practical.
CHECKIN_MAX_FAILURES = 10
CHECKIN_FAILURE_WINDOW = 60 * 60  # seconds


class CheckinThrottled(DomainError):
    pass


def _checkin_failure_key(lawyer: Lawyer) -> str:
    return f"learning:checkin-failures:{lawyer.pk}"


def _checkin_failed(lawyer: Lawyer) -> None:
    from django.core.cache import cache

    key = _checkin_failure_key(lawyer)
    cache.add(key, 0, CHECKIN_FAILURE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, CHECKIN_FAILURE_WINDOW)


def checkin_code_generate() -> str:
    while True:
        code = "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(CHECKIN_LENGTH))
        if not Course.objects.filter(checkin_code=code).exists():
            return code


def course_save(*, course: Course) -> Course:
    """Validate and save a course; an on-site course gets a check-in code if it has none."""
    if course.mode == Mode.ONSITE and not course.checkin_code:
        course.checkin_code = checkin_code_generate()
    course.full_clean()
    course.save()
    return course


def _check_lawyer(lawyer: Lawyer) -> None:
    if lawyer.status != LawyerStatus.PRACTISING:
        raise DomainError(_("仅执业律师可报名课程。"))


def enrolment_create(
    *, course: Course, lawyer: Lawyer, now: dt.datetime | None = None
) -> Enrolment:
    """Enrol ``lawyer``; never more enrolments than places, even under concurrent requests."""
    now = now or timezone.now()
    _check_lawyer(lawyer)
    if not course.published:
        raise DomainError(_("该课程尚未开放报名。"))
    if course.mode == Mode.ONSITE and course.ends_at and course.ends_at < now:
        raise DomainError(_("该课程已结束。"))
    with transaction.atomic():
        existing = (
            Enrolment.objects.select_for_update().filter(course=course, lawyer=lawyer).first()
        )
        if existing is not None and existing.status != EnrolmentStatus.CANCELLED:
            raise DomainError(_("您已报名该课程。"))
        taken = Course.objects.filter(pk=course.pk)
        if course.capacity is not None:
            taken = taken.filter(enrolled_count__lt=F("capacity"))
        if not taken.update(enrolled_count=F("enrolled_count") + 1):
            raise DomainError(_("名额已满。"))
        if existing is not None:
            existing.status = EnrolmentStatus.ENROLLED
            existing.enrolled_at = now
            existing.completed_at = None
            existing.save(update_fields=["status", "enrolled_at", "completed_at"])
            return existing
        try:
            with transaction.atomic():
                return Enrolment.objects.create(course=course, lawyer=lawyer, enrolled_at=now)
        except IntegrityError as exc:  # the same lawyer, twice at once
            raise DomainError(_("您已报名该课程。")) from exc


def enrolment_cancel(*, enrolment: Enrolment) -> Enrolment:
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status != EnrolmentStatus.ENROLLED:
            raise DomainError(_("只能取消尚未完成的报名。"))
        enrolment.status = EnrolmentStatus.CANCELLED
        enrolment.save(update_fields=["status"])
        Course.objects.filter(pk=enrolment.course_id).update(enrolled_count=F("enrolled_count") - 1)
    return enrolment


def _credit_course(enrolment: Enrolment, *, on: dt.date) -> CreditEntry:
    course = enrolment.course
    return CreditEntry.objects.create(
        lawyer_id=enrolment.lawyer_id,
        mode=course.mode,
        source=CreditSource.COURSE,
        title=course.title,
        minutes=course.duration_minutes,
        credited_on=on,
        enrolment=enrolment,
    )


def enrolment_complete(*, enrolment: Enrolment, now: dt.datetime | None = None) -> CreditEntry:
    """Finish an online course and credit its hours. The course's length must have passed
    since enrolment (time spent studying); on-site courses are completed by check-in."""
    now = now or timezone.now()
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update().select_related("course").get(pk=enrolment.pk)
        )
        course = enrolment.course
        if enrolment.status == EnrolmentStatus.COMPLETED:
            raise DomainError(_("该课程已完成，学时已计入。"))
        if enrolment.status != EnrolmentStatus.ENROLLED:
            raise DomainError(_("请先报名该课程。"))
        if course.mode == Mode.ONSITE:
            raise DomainError(_("现场课程以签到计入学时，请在现场输入签到码。"))
        ready_at = enrolment.enrolled_at + dt.timedelta(minutes=course.duration_minutes)
        if now < ready_at:
            minutes_left = int((ready_at - now).total_seconds() // 60) + 1
            raise DomainError(
                _("学习时长不足，还需约 %(minutes)s 分钟后才能完成。") % {"minutes": minutes_left}
            )
        enrolment.status = EnrolmentStatus.COMPLETED
        enrolment.completed_at = now
        enrolment.save(update_fields=["status", "completed_at"])
        return _credit_course(enrolment, on=timezone.localdate(now))


def checkin(*, lawyer: Lawyer, code: str, now: dt.datetime | None = None) -> CreditEntry:
    """Attendance by check-in code: the running on-site course with that code credits its
    hours at once (no paperwork). A lawyer not yet enrolled is enrolled if places remain."""
    from django.core.cache import cache

    now = now or timezone.now()
    if cache.get(_checkin_failure_key(lawyer), 0) >= CHECKIN_MAX_FAILURES:
        raise CheckinThrottled(_("签到码错误次数过多，请一小时后再试或联系现场工作人员。"))
    code = (code or "").strip().upper()
    course = Course.objects.published().filter(mode=Mode.ONSITE, checkin_code=code).first()
    if not code or course is None:
        _checkin_failed(lawyer)
        raise DomainError(_("签到码无效，请核对现场公布的签到码。"))
    assert course.starts_at is not None
    assert course.ends_at is not None
    if now < course.starts_at - CHECKIN_EARLY:
        raise DomainError(_("签到尚未开始（开课前 30 分钟开放）。"))
    if now > course.ends_at:
        raise DomainError(_("该课程已结束，签到已关闭。"))
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update().filter(course=course, lawyer=lawyer).first()
        )
        if enrolment is None or enrolment.status == EnrolmentStatus.CANCELLED:
            enrolment = enrolment_create(course=course, lawyer=lawyer, now=now)
        if enrolment.status == EnrolmentStatus.COMPLETED:
            raise DomainError(_("您已签到，学时已计入。"))
        enrolment.status = EnrolmentStatus.COMPLETED
        enrolment.checked_in_at = now
        enrolment.completed_at = now
        enrolment.save(update_fields=["status", "checked_in_at", "completed_at"])
        enrolment.course = course
        return _credit_course(enrolment, on=timezone.localdate(now))


def credit_record(
    *,
    lawyer: Lawyer,
    minutes: int,
    mode: str,
    title: str,
    credited_on: dt.date,
    reference: str,
) -> CreditEntry | None:
    """Hours credited by another app (an event with CLE credit, at check-in). ``reference``
    is unique per credit ("events:registration:42"): calling twice credits once."""
    if minutes <= 0:
        raise DomainError(_("学时须大于零。"))
    try:
        with transaction.atomic():
            return CreditEntry.objects.create(
                lawyer=lawyer,
                mode=mode,
                source=CreditSource.EVENT,
                title=title[:200],
                minutes=minutes,
                credited_on=credited_on,
                reference=reference,
            )
    except IntegrityError:
        return None


def credit_manual(
    *,
    actor: User,
    lawyer: Lawyer,
    hours: Decimal | str,
    mode: str,
    title: str,
    credited_on: dt.date,
    reason: str,
) -> CreditEntry:
    """Staff credit hours by hand (补登): needs the permission and a reason, kept with the
    name of who did it."""
    if not can_credit_hours(actor):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("补登学时须填写理由。"))
    try:
        value = Decimal(str(hours))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(_("学时格式不正确。")) from exc
    if value <= 0 or value > 100:
        raise DomainError(_("补登学时须在 0 到 100 之间。"))
    if mode not in Mode.values:
        raise DomainError(_("请选择计入方式。"))
    entry = CreditEntry(
        lawyer=lawyer,
        mode=mode,
        source=CreditSource.MANUAL,
        title=(title or "").strip() or _("人工补登"),
        minutes=rules.hours_to_minutes(value),
        credited_on=credited_on,
        reason=reason,
        credited_by=actor,
    )
    entry.full_clean()
    entry.save()
    return entry


def reminders_send(*, today: dt.date | None = None) -> int:
    """Remind every practising lawyer with a portal account who is short of hours for the
    open CLE year; once per lawyer, year and month however often it runs."""
    from apps.notifications.services import notification_create

    from .selectors import compliance_rows

    today = today or timezone.localdate()
    year = rules.open_year(today)
    deadline = rules.year_deadline(year)
    round_key = f"{today:%Y-%m}"
    sent = 0
    rows = compliance_rows(year=year, only_short=True, with_account=True)
    users = {
        user.pk: user
        for user in User.objects.filter(pk__in=[row.user_id for row in rows if row.user_id])
    }
    for row in rows:
        user = users.get(row.user_id or 0)
        if user is None:
            continue
        with transaction.atomic():
            _reminder, created = Reminder.objects.get_or_create(
                lawyer_id=row.lawyer_id,
                year=year,
                round=round_key,
                defaults={"short_minutes": rules.hours_to_minutes(row.short)},
            )
            if not created:
                continue
            notification_create(
                recipient=user,
                key=REMINDER_KEY,
                context={
                    "name": row.name,
                    "year": year,
                    "earned": str(row.earned),
                    "required": str(row.required),
                    "short": str(row.short),
                    "deadline": deadline.isoformat(),
                },
                url="/portal/learning/",
            )
            sent += 1
    return sent


PHOTO_MAX_SIZE = (600, 800)


def card_photo_set(*, lawyer: Lawyer, actor: User, file: Any) -> CardPhoto:
    """The lawyer's own photo: verified (apps.news.images checks), re-encoded as a JPEG of
    at most 600×800 without metadata; the previous file is deleted after commit."""
    import io

    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile
    from PIL import Image, ImageOps

    from apps.news.images import image_normalize, validate_image_upload

    if lawyer.user_id is None or actor.pk != lawyer.user_id:
        raise PermissionDenied
    try:
        validate_image_upload(file)
        clean = image_normalize(file)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    with Image.open(io.BytesIO(clean)) as source:
        image = ImageOps.exif_transpose(source).convert("RGB")
        image.thumbnail(PHOTO_MAX_SIZE)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85, optimize=True)
    with transaction.atomic():
        photo = CardPhoto.objects.select_for_update().filter(lawyer=lawyer).first()
        old_name = photo.image.name if photo else ""
        if photo is None:
            photo = CardPhoto(lawyer=lawyer)
        photo.image.save("photo.jpg", ContentFile(out.getvalue()), save=False)
        photo.save()
        if old_name and old_name != photo.image.name:
            storage = photo.image.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    return photo
